import { describeQualifiers, passes, yearsOf } from '../../web/explorer/src/filters';
import { emptyState, formatState, nextLimit, parseState } from '../../web/explorer/src/state';

describe('the explorer view in the URL', () => {
  it('writes a view and reads back the same view', () => {
    const view = {
      ...emptyState(),
      focus: 'KHM',
      expanded: ['USA', 'asean'],
      kinds: ['PARTNER_OF', 'FUNDS'],
      from: 1999,
      to: 2012,
      undated: false,
      limit: 250,
      layout: 'rings' as const,
      edge: 'cambodia-foreign-relations:usa-funds-demining-in-khm',
    };
    const search = formatState(view);
    expect(search).toBe(
      '?focus=KHM&expanded=USA,asean&kinds=FUNDS,PARTNER_OF&from=1999&to=2012&undated=0&limit=250&layout=rings&edge=cambodia-foreign-relations:usa-funds-demining-in-khm',
    );
    expect(parseState(search)).toEqual({ ...view, kinds: ['FUNDS', 'PARTNER_OF'] });
  });

  it('leaves defaults out, and a page with no focus has an empty address', () => {
    expect(formatState({ ...emptyState(), focus: 'KHM' })).toBe('?focus=KHM');
    expect(formatState(emptyState())).toBe('');
    expect(parseState('')).toEqual(emptyState());
  });

  it('drops what is malformed instead of failing, and keeps the rest', () => {
    const view = parseState(
      '?focus=KHM&expanded=USA,<script>,KHM&kinds=FUNDS,drop table&from=2020&to=1999&limit=7&layout=spiral&node=JPN',
    );
    expect(view).toEqual({
      ...emptyState(),
      focus: 'KHM',
      expanded: ['USA'],
      kinds: ['FUNDS'],
      from: 1999,
      to: 2020,
      node: 'JPN',
    });
    // Without a focus there is nothing to draw, whatever else the link says.
    expect(parseState('?expanded=USA&kinds=FUNDS')).toEqual(emptyState());
  });

  it('raises the edge limit in steps up to the API maximum', () => {
    expect(nextLimit(100)).toBe(250);
    expect(nextLimit(250)).toBe(500);
    expect(nextLimit(500)).toBeUndefined();
  });
});

describe('the explorer filters', () => {
  const all = { kinds: [], undated: true };

  it('dates a relation by its year, or by since and until (open-ended when not ended)', () => {
    expect(yearsOf({ year: 2012 })).toEqual({ first: 2012, last: 2012 });
    expect(yearsOf({ since: 1955 })).toEqual({ first: 1955, last: Number.POSITIVE_INFINITY });
    expect(yearsOf({ since: 1993, until: 2020 })).toEqual({ first: 1993, last: 2020 });
    expect(yearsOf({ level: 'ALLY' })).toBeUndefined();
  });

  it('keeps a relation whose years meet the range, and undated ones only when asked', () => {
    const year = (from: number, to: number) => ({ ...all, from, to });
    expect(passes('MEMBER_OF', { since: 1955 }, year(2012, 2012))).toBe(true);
    expect(passes('HOSTS', { year: 2022 }, year(2012, 2012))).toBe(false);
    expect(passes('SUSPENDS', { since: 1990, until: 2000 }, year(2000, 2010))).toBe(true);
    expect(passes('SUSPENDS', { since: 1990, until: 1999 }, year(2000, 2010))).toBe(false);
    expect(passes('PARTNER_OF', {}, year(2012, 2012))).toBe(true);
    expect(passes('PARTNER_OF', {}, { ...year(2012, 2012), undated: false })).toBe(false);
    expect(passes('PARTNER_OF', {}, { ...all, from: 2000 })).toBe(true);
  });

  it('keeps only the kinds chosen, all when none is', () => {
    expect(passes('FUNDS', {}, all)).toBe(true);
    expect(passes('FUNDS', {}, { ...all, kinds: ['PARTNER_OF'] })).toBe(false);
    expect(passes('PARTNER_OF', {}, { ...all, kinds: ['PARTNER_OF'] })).toBe(true);
  });

  it('reads qualifiers as a reader would', () => {
    expect(
      describeQualifiers({
        since: 1999,
        level: 'COMPREHENSIVE_STRATEGIC',
        in: { id: 'KHM', name: 'Cambodia' },
        fields: ['trade', 'security'],
      }),
    ).toEqual([
      ['years', 'since 1999'],
      ['level', 'comprehensive strategic'],
      ['in (recipient, host)', 'Cambodia'],
      ['fields', 'trade, security'],
    ]);
    expect(describeQualifiers({ since: 1993, until: 2020 })).toEqual([['years', '1993–2020']]);
  });
});
