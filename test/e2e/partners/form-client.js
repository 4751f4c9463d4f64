// @ts-check
'use strict';
/**
 * An n8n form used over HTTP the way a browser runs n8n 2.41's form page script
 * (n8n/templates/form-trigger.handlebars and form-trigger-completion.handlebars):
 *
 * 1. GET  /form/<path>?<query>                    the page; fields are named field-0, field-1, …
 * 2. POST /form/<path>?<query>  (multipart)       the submission; with a Form ending node n8n
 *                                                  answers {"formWaitingUrl": ".../form-waiting/<id>?signature=…"}
 * 3. GET  <waiting>/n8n-execution-status           until "form-waiting" (the ending page is ready)
 * 4. GET  <waiting>?signature=…                    the ending (completion) page
 * 5. POST <waiting>?signature=…                    what the page script sends to let the execution finish
 *
 * n8n builds formWaitingUrl from its own idea of its host (localhost): only the path and query
 * are kept and sent to the instance the test talks to.
 */
const axios = require('axios').default;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The decoded text of an HTML fragment (entities, tags and white space collapsed).
 * @param {string} html
 */
function textOf(html) {
	return html
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&#x2F;/g, '/')
		.replace(/[ \t]+/g, ' ')
		.trim();
}

/**
 * @typedef {object} FormResult
 * @property {number} status HTTP status of the submission
 * @property {string} title the ending page's <h1>
 * @property {string} message the ending page's message, as text
 * @property {string} messageHtml the ending page's message, as sent
 * @property {string} html the whole ending page
 * @property {string} executionId from the waiting URL
 * @property {string} finalStatus the execution status after the page let it finish
 */

/**
 * @param {string} baseUrl e.g. http://127.0.0.1:5678
 */
function formClient(baseUrl) {
	const http = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		timeout: 60_000,
		maxRedirects: 0,
	});

	/**
	 * The form page and the names of its fields (label → field-N).
	 * @param {string} path e.g. gradient-connect
	 * @param {string} query e.g. partner=msp-a&expires=…&sig=…
	 */
	async function open(path, query) {
		const response = await http.get(`/form/${path}?${query}`);
		if (response.status !== 200) throw new Error(`GET /form/${path}: ${response.status}`);
		const html = String(response.data);
		/** @type {Record<string, string>} */
		const fields = {};
		for (const match of html.matchAll(
			/<label[^>]*for=['"](field-\d+)['"][^>]*>([\s\S]*?)<\/label>/g,
		))
			fields[textOf(match[2]).replace(/\s*\*$/, '')] = match[1];
		return { html, fields };
	}

	/**
	 * Fills the form by label, submits it, and follows n8n to its ending page.
	 * @param {string} path
	 * @param {string} query
	 * @param {Record<string, string>} values label → value
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<FormResult>}
	 */
	async function submit(path, query, values, options = {}) {
		const { fields } = await open(path, query);
		const body = new FormData();
		for (const [label, value] of Object.entries(values)) {
			const name = fields[label];
			if (!name)
				throw new Error(
					`form ${path} has no field "${label}" (has: ${Object.keys(fields).join(', ')})`,
				);
			body.append(name, value);
		}
		const posted = await http.post(`/form/${path}?${query}`, body);
		const answer = typeof posted.data === 'string' ? safeJson(posted.data) : posted.data;
		if (posted.status !== 200 || !answer?.formWaitingUrl) {
			throw new Error(
				`POST /form/${path}: ${posted.status} ${JSON.stringify(posted.data).slice(0, 500)}`,
			);
		}
		const waiting = new URL(answer.formWaitingUrl);
		const signature = waiting.searchParams.get('signature') ?? '';
		const pagePath = `${waiting.pathname}?signature=${encodeURIComponent(signature)}`;
		const executionId = waiting.pathname.split('/').pop() ?? '';
		const deadline = Date.now() + (options.timeoutMs ?? 120_000);
		for (;;) {
			const status = await http.get(
				`${waiting.pathname}/n8n-execution-status?signature=${encodeURIComponent(signature)}`,
			);
			const text = String(status.data).trim();
			if (text === 'form-waiting') break;
			if (['canceled', 'crashed', 'error', 'success', 'null'].includes(text))
				throw new Error(`form ${path}: the execution ended (${text}) without an ending page`);
			if (Date.now() > deadline)
				throw new Error(
					`form ${path}: no ending page after ${options.timeoutMs ?? 120_000} ms (last status "${text}")`,
				);
			await sleep(250);
		}
		const page = await http.get(pagePath);
		const html = String(page.data);
		const title = textOf(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
		const messageHtml = /<p style="white-space: pre-line;">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
		// The page script's resume POST (body "{}" as fetch sends a plain object), then the end.
		await http.post(pagePath, '[object Object]', {
			headers: { 'content-type': 'text/plain;charset=UTF-8' },
		});
		let finalStatus = '';
		for (let i = 0; i < 80; i++) {
			const status = await http.get(
				`${waiting.pathname}/n8n-execution-status?signature=${encodeURIComponent(signature)}`,
			);
			finalStatus = String(status.data).trim();
			if (finalStatus !== 'form-waiting' && finalStatus !== 'waiting' && finalStatus !== 'running')
				break;
			await sleep(250);
		}
		return {
			status: posted.status,
			title,
			message: textOf(messageHtml),
			messageHtml,
			html,
			executionId,
			finalStatus,
		};
	}

	return { open, submit };
}

/** @param {string} text */
function safeJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

module.exports = { formClient, textOf };
