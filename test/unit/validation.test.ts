import { checkId, checkUnitCount } from '../../nodes/shared/validation';

// The hot paths of checkId and checkUnitCount skip zod for plainly valid values; these pin that
// they give the same answers the schemas give.
describe('id checks', () => {
	it.each([
		['acct-1', 'acct-1'],
		['Kunde-Müller-東京', 'Kunde-Müller-東京'],
		['  padded  ', 'padded'],
		['\u00a0acct-1\u00a0', 'acct-1'],
		['\ufeffacct-1', 'acct-1'],
		['acct-1\u2028', 'acct-1'],
		['東京', '東京'],
		[42, '42'],
	])('%p is accepted as %p', (raw, expected) => {
		expect(checkId(raw, 'Account')).toEqual({ ok: true, value: expected });
	});

	it.each([['\u00a0'], ['\u3000'], ['a\u0085b'], ['x'.repeat(513)], [''], [null]])(
		'%p is refused',
		(raw) => {
			expect(checkId(raw, 'Account')).toMatchObject({ ok: false });
		},
	);
});

describe('unit count checks', () => {
	it.each([
		[0, 0],
		[12, 12],
		[1.5, 1.5],
		[' 7 ', 7],
		['3.25', 3.25],
		[Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
	])('%p is accepted as %p', (raw, expected) => {
		expect(checkUnitCount(raw)).toEqual({ ok: true, value: expected });
	});

	it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 60], ['12abc'], [true], [null]])(
		'%p is refused',
		(raw) => {
			expect(checkUnitCount(raw)).toMatchObject({ ok: false });
		},
	);
});
