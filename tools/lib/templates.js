// @ts-check
'use strict';
/**
 * What a user does after importing a template, done for a test: fill the "Settings" node and
 * pick the vendor credentials. (Loading, the Gradient credential and running are the e2e
 * harness's: tools/lib/e2e.js.)
 */

/**
 * @param {any} workflow a template as loaded by `e2e.workflow()` (Gradient credential already set)
 * @param {Record<string, unknown>} settings values for fields of the "Settings" node (each must exist)
 * @param {Record<string, string>} credentialIds credential type → imported credential id, for every
 *   other credential the template asks for
 */
function configureTemplate(workflow, settings, credentialIds) {
	const settingsNode = workflow.nodes.find((/** @type {any} */ n) => n.name === 'Settings');
	for (const [name, value] of Object.entries(settings)) {
		const field = settingsNode?.parameters.assignments.assignments.find((/** @type {any} */ a) => a.name === name);
		if (!field) throw new Error(`${workflow.name}: no Settings field "${name}"`);
		field.value = value;
	}
	for (const node of workflow.nodes) {
		for (const [type, current] of Object.entries(node.credentials ?? {})) {
			// Templates ship { id: null, name }; the harness already pointed the Gradient one at a sandbox.
			if (type === 'gradientSynthesizeApi' && /** @type {any} */ (current).id) continue;
			if (!credentialIds[type]) throw new Error(`${workflow.name}: no test credential of type ${type}`);
			node.credentials[type] = { id: credentialIds[type], name: `test ${type}` };
		}
	}
	return workflow;
}

module.exports = { configureTemplate };
