import type { IDataObject } from 'n8n-workflow';

/** A change found by one event's diff, before it gets its id and time. */
export interface Change {
	change?: string;
	subject: { id: string; name?: string };
	before: IDataObject | null;
	after: IDataObject | null;
	/** Whether to emit it (a filtered change still moves the cursor). */
	emit: boolean;
	/** Part of the event id besides the subject and change, e.g. "pending>active". */
	detail?: string;
	/**
	 * What tells this change apart from an identical one at another time. Defaults to the
	 * cursor's epoch and transition counter; set when the data itself names the change.
	 */
	key?: string;
}

/** Deterministic order (by subject id), so a re-run emits the same items in the same order. */
export function sortChanges(changes: Change[]): Change[] {
	return changes.sort((a, b) =>
		a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0,
	);
}
