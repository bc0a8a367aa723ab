import {
  FilterError,
  matchesInteractionFilter,
  parseInteractionFilter,
  parseUserLicenseFilter,
} from '../../../server/graph/simulator/odataFilter';
import { encodeQueryValue, parseQueryOptions, QueryError } from '../../../server/graph/simulator/odataQuery';

const BIZCHAT = 'IPM.SkypeTeams.Message.Copilot.BizChat';
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';

describe('the interaction $filter grammar', () => {
  it('reads the documented date range with strict bounds', () => {
    const filter = parseInteractionFilter(
      'createdDateTime gt 2024-09-09T16:48:35Z and createdDateTime lt 2024-11-15T21:48:35Z',
    );
    expect(filter.after?.toISOString()).toBe('2024-09-09T16:48:35.000Z');
    expect(filter.before?.toISOString()).toBe('2024-11-15T21:48:35.000Z');
    expect(matchesInteractionFilter(filter, '2024-09-09T16:48:35.000Z', WORD)).toBe(false);
    expect(matchesInteractionFilter(filter, '2024-09-09T16:48:35.001Z', WORD)).toBe(true);
    expect(matchesInteractionFilter(filter, '2024-11-15T21:48:35.000Z', WORD)).toBe(false);
  });

  it('accepts the bounds in either order, any keyword case, fractional seconds and offsets', () => {
    const filter = parseInteractionFilter(
      'CreatedDateTime LT 2025-11-25T01:00:00+01:00 AND createdDateTime Gt 2025-11-24T00:00:00.123Z',
    );
    expect(filter.after?.toISOString()).toBe('2025-11-24T00:00:00.123Z');
    expect(filter.before?.toISOString()).toBe('2025-11-25T00:00:00.000Z');
  });

  it('requires both a lower and an upper bound, like Graph', () => {
    expect(() => parseInteractionFilter('createdDateTime gt 2025-11-24T00:00:00Z')).toThrow(
      'Invalid filter clause: When you use the createdDateTime filter, provide both a minimum (gt) and a maximum (lt) time boundary.',
    );
    expect(() => parseInteractionFilter('createdDateTime lt 2025-11-24T00:00:00Z')).toThrow(FilterError);
  });

  it('reads one or several appClass values joined with or, matching case-insensitively', () => {
    const filter = parseInteractionFilter(`appClass eq '${WORD}' or appClass eq '${BIZCHAT}'`);
    expect(filter.appClasses).toEqual([WORD, BIZCHAT]);
    expect(matchesInteractionFilter(filter, '2025-01-01T00:00:00Z', BIZCHAT)).toBe(true);
    expect(matchesInteractionFilter(filter, '2025-01-01T00:00:00Z', 'IPM.SkypeTeams.Message.Copilot.Teams')).toBe(
      false,
    );
    const ppt = parseInteractionFilter("appClass eq 'IPM.SkypeTeams.Message.Copilot.PowerPoint'");
    expect(matchesInteractionFilter(ppt, '2025-01-01T00:00:00Z', 'IPM.SkypeTeams.Message.Copilot.Powerpoint')).toBe(
      true,
    );
  });

  it('combines a date range with an appClass group', () => {
    const filter = parseInteractionFilter(
      `createdDateTime gt 2025-01-01T00:00:00Z and createdDateTime lt 2025-02-01T00:00:00Z and (appClass eq '${WORD}' or appClass eq '${BIZCHAT}')`,
    );
    expect(filter.appClasses).toHaveLength(2);
    expect(matchesInteractionFilter(filter, '2025-01-10T00:00:00Z', WORD)).toBe(true);
    expect(matchesInteractionFilter(filter, '2025-03-10T00:00:00Z', WORD)).toBe(false);
  });

  it('unescapes doubled quotes inside string literals', () => {
    expect(parseInteractionFilter("appClass eq 'It''s'").appClasses).toEqual(["It's"]);
  });

  it.each([
    ['createdDateTime ge 2025-01-01T00:00:00Z and createdDateTime lt 2025-02-01T00:00:00Z'],
    ["appClass ne 'x'"],
    ['appClass eq IPM.SkypeTeams.Message.Copilot.Word'],
    ["conversationType eq 'bizchat'"],
    ["appClass eq 'IPM.SkypeTeams.Message.Copilot.Teams or appClass eq 'IPM.SkypeTeams.Message.Copilot.BizChat'"],
    ["appClass eq 'a' and appClass eq 'b'"],
    ['createdDateTime gt 2025-13-45T99:00:00Z and createdDateTime lt 2025-02-01T00:00:00Z'],
    ["createdDateTime gt '2025-01-01' and createdDateTime lt '2025-02-01'"],
    [''],
    ['appClass eq'],
  ])('rejects %j as an invalid filter clause', (text) => {
    expect(() => parseInteractionFilter(text)).toThrow(/^Invalid filter clause: /);
  });
});

describe('the users $filter grammar', () => {
  it('reads a license lambda with any variable name', () => {
    expect(parseUserLicenseFilter('assignedLicenses/any(x:x/skuId eq 639dec6b-bb19-468b-871c-c5c441c4b0cb)')).toEqual({
      skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb',
    });
    expect(
      parseUserLicenseFilter('assignedLicenses/any(s: s/skuId eq 639DEC6B-BB19-468B-871C-C5C441C4B0CB)').skuId,
    ).toBe('639dec6b-bb19-468b-871c-c5c441c4b0cb');
  });

  it.each([
    ["assignedLicenses/any(x:x/skuId eq '639dec6b-bb19-468b-871c-c5c441c4b0cb')"],
    ['assignedLicenses/any(x:y/skuId eq 639dec6b-bb19-468b-871c-c5c441c4b0cb)'],
    ['assignedPlans/any(x:x/servicePlanId eq 3f30311c-6b1e-48a4-ab79-725b469da960)'],
    ["displayName eq 'Adele Vance'"],
    ['assignedLicenses/any(x:x/skuId eq 639dec6b-bb19-468b-871c-c5c441c4b0cb'],
  ])('rejects %j', (text) => {
    expect(() => parseUserLicenseFilter(text)).toThrow(FilterError);
  });
});

describe('OData query options', () => {
  it('reads names case-insensitively with or without $ and decodes + as a space', () => {
    const options = parseQueryOptions('/v1.0/x?$FILTER=appClass+eq+%27a%27&top=5&$skipToken=abc%3d');
    expect(options.get('filter')).toBe("appClass eq 'a'");
    expect(options.get('top')).toBe('5');
    expect(options.get('skiptoken')).toBe('abc=');
  });

  it('refuses an option given twice and malformed percent-encoding', () => {
    expect(() => parseQueryOptions('/x?$top=1&$top=2')).toThrow(QueryError);
    expect(() => parseQueryOptions('/x?$filter=%E0%A4%A')).toThrow(QueryError);
  });

  it('re-encodes values the way Graph writes nextLinks', () => {
    expect(encodeQueryValue(`appClass eq '${BIZCHAT}'`)).toBe(
      'appClass+eq+%27IPM.SkypeTeams.Message.Copilot.BizChat%27',
    );
    expect(encodeQueryValue('U2tpcA==')).toBe('U2tpcA%3d%3d');
  });
});
