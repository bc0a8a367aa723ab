import { COPILOT_APPS, resolveApp } from '../../server/core/appCatalog';

describe('the Copilot app catalogue', () => {
  it('names the twelve Copilot apps admins expect', () => {
    expect(COPILOT_APPS.map((a) => a.displayName)).toEqual([
      'Microsoft 365 Chat',
      'Teams',
      'Word',
      'Excel',
      'Outlook',
      'PowerPoint',
      'OneNote',
      'Loop',
      'Planner',
      'Whiteboard',
      'Forms',
      'Stream',
    ]);
  });

  it('maps appClass values case-insensitively, as Graph spells PowerPoint both ways', () => {
    expect(resolveApp('IPM.SkypeTeams.Message.Copilot.Powerpoint')).toEqual({
      key: 'powerpoint',
      displayName: 'PowerPoint',
      known: true,
    });
    expect(resolveApp('IPM.SkypeTeams.Message.Copilot.BizChat').displayName).toBe('Microsoft 365 Chat');
  });

  it('keeps an unrecognised appClass as its own app with a key safe to use as a field name', () => {
    expect(resolveApp('IPM.SkypeTeams.Message.Copilot.Fabric.Notebook')).toEqual({
      key: 'other:fabric-notebook',
      displayName: 'Fabric.Notebook (unrecognised)',
      known: false,
    });
    expect(resolveApp('').known).toBe(false);
  });
});
