import type {
	DataTable,
	DataTableFilter,
	DataTableRow,
	DeleteDataTableRowsOptions,
	ListDataTableRowsOptions,
	UpsertDataTableRowOptions,
	IDataTableProjectAggregateService,
	IDataTableProjectService,
} from 'n8n-workflow';

/** In-memory n8n Data Tables with the subset of the proxy API the package uses. */
export class FakeDataTables {
	readonly tables = new Map<string, { meta: DataTable; rows: DataTableRow[] }>();

	private nextId = 1;

	private matches(row: DataTableRow, filter?: DataTableFilter): boolean {
		if (!filter) return true;
		const results = filter.filters.map(
			(condition) => condition.condition === 'eq' && row[condition.columnName] === condition.value,
		);
		return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
	}

	aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => 'project-1',
			createDataTable: async (options) => {
				const meta = {
					id: `table-${this.nextId++}`,
					name: options.name,
					columns: options.columns.map((column, index) => ({
						...column,
						id: `c${index}`,
						index,
						dataTableId: '',
					})),
					createdAt: new Date(),
					updatedAt: new Date(),
					projectId: 'project-1',
				} as DataTable;
				this.tables.set(meta.id, { meta, rows: [] });
				return meta;
			},
			getManyAndCount: async (options) => {
				const name = options.filter?.name;
				const data = [...this.tables.values()]
					.map((table) => table.meta)
					.filter((meta) => !name || meta.name.includes(String(name)));
				return { count: data.length, data };
			},
			deleteDataTableAll: async () => true,
		};
	}

	table(id: string): IDataTableProjectService {
		const table = this.tables.get(id)!;
		const withMeta = (row: DataTableRow, index: number) => ({
			...row,
			id: index + 1,
			createdAt: new Date(0),
			updatedAt: new Date(0),
		});
		return {
			getManyRowsAndCount: async (options: ListDataTableRowsOptions) => {
				const data = table.rows
					.filter((row) => this.matches(row, options.filter))
					.slice(0, options.take ?? undefined)
					.map(withMeta);
				return { count: data.length, data };
			},
			upsertRow: async ({ filter, data }: UpsertDataTableRowOptions) => {
				const index = table.rows.findIndex((row) => this.matches(row, filter));
				if (index >= 0) table.rows[index] = { ...table.rows[index], ...data };
				else table.rows.push({ ...data });
				return [];
			},
			deleteRows: async ({ filter }: DeleteDataTableRowsOptions) => {
				const removed = table.rows.filter((row) => this.matches(row, filter));
				table.rows = table.rows.filter((row) => !this.matches(row, filter));
				return removed.map(withMeta);
			},
		} as unknown as IDataTableProjectService;
	}
}
