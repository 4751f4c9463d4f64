import axios from 'axios';
import type { AxiosRequestConfig } from 'axios';
import { NodeApiError } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';

import { GradientSynthesizeApi } from '../../../credentials/GradientSynthesizeApi.credentials';

export const VENDOR_KEY = 'vendor-abc123';
export const PARTNER_KEY = 'partner-xyz789';
export const BASE_URL = 'https://synthesize.test';

/** GRADIENT-TOKEN computed independently of the package (synthesize-api.md §2.1). */
export function expectedToken(vendorKey = VENDOR_KEY, partnerKey = PARTNER_KEY): string {
	return Buffer.from(`${vendorKey}:${partnerKey}`, 'utf8').toString('base64');
}

export const NODE: INode = {
	id: 'node-1',
	name: 'Gradient Synthesize',
	type: 'n8n-nodes-gradient-synthesize.gradientSynthesize',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface SentRequest {
	credentialType: string;
	options: IHttpRequestOptions;
}

/**
 * Performs a request the way n8n's httpRequestWithAuthentication does: run the credential's
 * authenticate, then send with axios (so nock intercepts it), honouring returnFullResponse,
 * ignoreHttpStatusErrors, disableFollowRedirect, qs, body and timeout; errors are wrapped in
 * NodeApiError with the original as `cause`, as n8n does.
 */
export async function n8nLikeRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<unknown> {
	const authenticated = await new GradientSynthesizeApi().authenticate(credentials, requestOptions);
	const config: AxiosRequestConfig = {
		method: authenticated.method ?? 'GET',
		baseURL: authenticated.baseURL,
		url: authenticated.url,
		headers: { ...(authenticated.headers as Record<string, string>) },
		params: authenticated.qs,
		data: authenticated.body,
		timeout: authenticated.timeout,
		maxRedirects: authenticated.disableFollowRedirect ? 0 : 5,
		validateStatus: authenticated.ignoreHttpStatusErrors ? () => true : undefined,
	};
	if (authenticated.json) config.headers = { Accept: 'application/json', ...config.headers };
	const response = await axios.request(config);
	if (authenticated.returnFullResponse) {
		return { body: response.data, headers: response.headers, statusCode: response.status };
	}
	return response.data;
}

/** getCredentials, counting the reads (n8n: a database query and a decryption each). */
function credentialStore(credentials: ICredentialDataDecryptedObject) {
	const reads = { count: 0 };
	const getCredentials = async () => {
		reads.count++;
		return credentials;
	};
	return { reads, getCredentials };
}

/**
 * httpRequestWithAuthentication as n8n runs it: credentials passed already decrypted are used as
 * given, otherwise read (n8n: a database query and a decryption) for each request.
 */
function authenticatedRequest(
	node: INode,
	sent: SentRequest[],
	readCredentials: () => Promise<ICredentialDataDecryptedObject>,
) {
	return async function httpRequestWithAuthentication(
		credentialType: string,
		requestOptions: IHttpRequestOptions,
		additional?: IAdditionalCredentialOptions,
	) {
		sent.push({ credentialType, options: requestOptions });
		try {
			const data = additional?.credentialsDecrypted?.data ?? (await readCredentials());
			return await n8nLikeRequest(data, requestOptions);
		} catch (error) {
			throw new NodeApiError(node, error as JsonObject);
		}
	};
}

export interface ContextOptions {
	/** Parameters per item (index i uses params[i], falling back to params[0]). */
	params: IDataObject[];
	items?: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** The node's On Error setting (n8n sets continueOnFail() true for both "Continue" choices). */
	onError?: INode['onError'];
	/** Workflow static data by type ('node', 'global'); kept on the object so tests can inspect it. */
	staticData?: Record<string, IDataObject>;
	mode?: string;
	/** The nodes after this one in the workflow (getChildNodes), with their parameters. */
	childNodes?: Array<{ name: string; type: string; typeVersion: number; parameters?: IDataObject }>;
}

function readPath(source: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

/**
 * The node's parameters as n8n stores them: a value the items share is a literal; one that differs
 * per item could only be an expression there, so it reads as one (evaluated by getNodeParameter).
 */
function rawParameters(params: IDataObject[]): IDataObject {
	const raw: IDataObject = {};
	for (const name of new Set(params.flatMap((each) => Object.keys(each)))) {
		const values = params.map((each) => JSON.stringify(each[name]));
		raw[name] = values.every((value) => value === values[0])
			? params[0][name]
			: '={{ $parameter.perItem }}';
	}
	return raw;
}

export function createContext(
	options: ContextOptions,
): IExecuteFunctions & { sent: SentRequest[]; credentialReads: number } {
	const credentials = options.credentials ?? {
		vendorApiKey: VENDOR_KEY,
		partnerApiKey: PARTNER_KEY,
		baseUrl: BASE_URL,
	};
	const items = options.items ?? options.params.map(() => ({ json: {} }));
	const sent: SentRequest[] = [];
	const { reads, getCredentials } = credentialStore(credentials);
	const context = {
		sent,
		get credentialReads() {
			return reads.count;
		},
		getInputData: () => items,
		getNode: () => ({
			...NODE,
			parameters: rawParameters(options.params),
			...(options.onError ? { onError: options.onError } : {}),
		}),
		getMode: () => options.mode ?? 'trigger',
		getChildNodes: () => options.childNodes ?? [],
		getCredentials,
		getWorkflowStaticData(type: string) {
			options.staticData ??= {};
			return (options.staticData[type] ??= {});
		},
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => undefined,
		getNodeParameter(
			name: string,
			itemIndex: number,
			fallback?: unknown,
			extra?: { extractValue?: boolean },
		) {
			const params = options.params[itemIndex] ?? options.params[0];
			const value = readPath(params, name);
			if (value === undefined) {
				if (fallback !== undefined) return fallback;
				throw new Error(`Test context: parameter "${name}" is not set for item ${itemIndex}`);
			}
			if (extra?.extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
				return (value as IDataObject).value;
			}
			return value;
		},
		helpers: {
			httpRequestWithAuthentication: authenticatedRequest(NODE, sent, getCredentials),
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (
				data: INodeExecutionData[],
				meta: { itemData: { item: number } },
			) => data.map((item) => ({ ...item, pairedItem: meta.itemData })),
		},
	};
	return context as unknown as IExecuteFunctions & { sent: SentRequest[]; credentialReads: number };
}

/** A resource locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' = 'id'): IDataObject {
	return { __rl: true, mode, value };
}

export const TRIGGER_NODE: INode = {
	id: 'trigger-1',
	name: 'Gradient Synthesize Trigger',
	type: 'n8n-nodes-gradient-synthesize.gradientSynthesizeTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface PollContextOptions {
	/** Node parameters (the trigger reads them without an item index). */
	params: IDataObject;
	/** 'trigger' for scheduled polls, 'manual' for "Fetch Test Event". */
	mode?: 'trigger' | 'manual';
	/** The node's static data bucket; pass your own object to inspect it afterwards. */
	staticData?: IDataObject;
	/** What getPollBudgetMs() answers. */
	budgetMs?: number;
	credentials?: ICredentialDataDecryptedObject;
	/** The trigger node's typeVersion (default 1). */
	typeVersion?: number;
}

export type FakePollFunctions = IPollFunctions & {
	sent: SentRequest[];
	staticData: IDataObject;
	/** How often the node asked for its static data. */
	staticDataReads: number;
	credentialReads: number;
};

/**
 * A fake IPollFunctions for a poll trigger: parameters, mode, poll budget and one static data
 * object (the same instance on every call, as n8n hands out), plus the real credential and
 * axios behind httpRequestWithAuthentication so nock intercepts the requests.
 */
export function createPollContext(options: PollContextOptions): FakePollFunctions {
	const credentials = options.credentials ?? {
		vendorApiKey: VENDOR_KEY,
		partnerApiKey: PARTNER_KEY,
		baseUrl: BASE_URL,
	};
	const staticData = options.staticData ?? {};
	const sent: SentRequest[] = [];
	const silent = () => undefined;
	const { reads, getCredentials } = credentialStore(credentials);
	const context = {
		sent,
		staticData,
		staticDataReads: 0,
		get credentialReads() {
			return reads.count;
		},
		getCredentials,
		getNode: () => ({ ...TRIGGER_NODE, typeVersion: options.typeVersion ?? 1 }),
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getPollBudgetMs: () => options.budgetMs ?? 36_000,
		getExecutionCancelSignal: () => undefined,
		logger: { debug: silent, info: silent, warn: silent, error: silent, verbose: silent },
		getWorkflowStaticData(type: string) {
			if (type !== 'node') throw new Error(`Test context: static data "${type}" not supported`);
			context.staticDataReads++;
			return staticData;
		},
		getNodeParameter(name: string, fallback?: unknown) {
			const value = readPath(options.params, name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Test context: parameter "${name}" is not set`);
		},
		helpers: {
			httpRequestWithAuthentication: authenticatedRequest(TRIGGER_NODE, sent, getCredentials),
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return context as unknown as FakePollFunctions;
}
