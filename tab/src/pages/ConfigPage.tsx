import {
  Caption1,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  tokens,
} from '@fluentui/react-components';
import { LoadingState } from '../components/LoadingState';
import { PageHeader } from '../components/PageHeader';
import { useChannelTabSettings } from '../hooks/useChannelTabSettings';
import { CHANNEL_TAB_VIEWS, channelTabView, MAX_TAB_NAME_LENGTH } from '../routing/channelTab';
import type { ViewId } from '../routing/routes';
import { RANGE_PRESETS } from '../routing/timeRange';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '640px',
    padding: tokens.spacingHorizontalXL,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  link: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  note: { color: tokens.colorNeutralForeground3 },
});

const rangeLabel = (days: number): string => (days === 1 ? 'Today' : `Last ${days} days`);

/**
 * The channel tab's configuration page (`#/config`): Teams shows it in its "Add a tab" dialog. It reads no data, so
 * it needs no sign-in; the pinned tab is the full app, with the same sign-in and role check as the personal tab.
 */
export default function ConfigPage() {
  const styles = useStyles();
  const settings = useChannelTabSettings();
  const { choice, config, problem } = settings;
  const entry = channelTabView(choice.view);

  return (
    <main className={styles.root}>
      <PageHeader
        title="Copilot Observatory channel tab"
        description="Choose what this tab opens. Only people with a Copilot Observatory role (Viewer, Analyst, Investigator or Admin) see its data, each within their role; everyone else gets an access message."
      />
      {settings.host === 'connecting' ? <LoadingState label="Connecting to Teams…" /> : null}
      {settings.host === 'elsewhere' ? (
        <MessageBar intent="info" data-testid="config-outside-teams">
          <MessageBarBody>
            <MessageBarTitle>Used by Teams when adding the tab to a channel</MessageBarTitle>
            Teams opens this page in its &quot;Add a tab&quot; dialog and pins the link below when you press Save. Here
            nothing is saved: try the choices and open the preview.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {settings.saveError ? (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Teams could not save the tab</MessageBarTitle>
            {settings.saveError.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <form className={styles.form} onSubmit={(event) => event.preventDefault()}>
        <Field label="The tab opens">
          <RadioGroup value={choice.view} onChange={(_, data) => settings.chooseView(data.value as ViewId)}>
            {CHANNEL_TAB_VIEWS.map((view) => (
              <Radio key={view.view} value={view.view} label={view.label} />
            ))}
          </RadioGroup>
        </Field>
        {entry?.range ? (
          <Field label="Time range">
            <Select
              value={choice.days ? String(choice.days) : ''}
              onChange={(_, data) => settings.chooseDays(data.value ? Number(data.value) : null)}
            >
              <option value="">{`The view's default (${entry.range.defaultLabel.toLowerCase()})`}</option>
              {RANGE_PRESETS.map((days) => (
                <option key={days} value={String(days)}>
                  {rangeLabel(days)}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field
          label="Tab name"
          required
          validationState={problem ? 'error' : 'none'}
          validationMessage={problem ?? undefined}
        >
          <Input
            value={choice.name}
            maxLength={MAX_TAB_NAME_LENGTH}
            onChange={(_, data) => settings.rename(data.value)}
          />
        </Field>
        <Field
          label="Link the tab pins"
          hint={
            entry?.range
              ? 'Teams opens this address in the channel; people can still change the time range there.'
              : 'Teams opens this address in the channel.'
          }
        >
          <Link className={styles.link} href={config.contentUrl} target="_blank" data-testid="channel-tab-link">
            {config.contentUrl}
          </Link>
        </Field>
        <Caption1 className={styles.note}>
          {settings.host === 'teams-dialog'
            ? 'Press Save in the Teams dialog to add the tab.'
            : 'Add the app to a team in Teams, then add a tab to a channel to see this page there.'}
        </Caption1>
      </form>
    </main>
  );
}
