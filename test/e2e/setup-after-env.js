// @ts-check
'use strict';
// Real n8n: a boot takes 3-10 s, a test file up to a few minutes.
jest.setTimeout(10 * 60000);
