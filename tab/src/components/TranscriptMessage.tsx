import { Caption1, Card, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { Conversation } from '../../../server/api/contracts';
import { DataSourceLinks } from './DataSourceLinks';
import { DateCell } from './DateCell';
import { SafeContent } from './SafeContent';

type Message = Conversation['messages'][number];

const useStyles = makeStyles({
  prompt: { alignSelf: 'flex-end', maxWidth: '80%', backgroundColor: tokens.colorBrandBackground2 },
  response: { alignSelf: 'flex-start', maxWidth: '80%' },
  meta: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'baseline' },
  content: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: tokens.lineHeightBase300 },
  html: { overflowWrap: 'anywhere' },
  sources: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
});

/** One prompt or response of a transcript, with the data sources a response used. */
export function TranscriptMessage({ message, author }: { message: Message; author: string }) {
  const styles = useStyles();
  const isPrompt = message.type === 'prompt';
  return (
    <Card
      className={isPrompt ? styles.prompt : styles.response}
      role="article"
      aria-label={`${isPrompt ? 'Prompt' : 'Response'} from ${author}`}
      data-message-type={message.type}
    >
      <div className={styles.meta}>
        <Subtitle2 as="h3">{author}</Subtitle2>
        <Caption1>
          <DateCell iso={message.at} />
        </Caption1>
      </div>
      <div className={message.contentType === 'html' ? styles.html : styles.content}>
        <SafeContent content={message.content} contentType={message.contentType} />
      </div>
      {!isPrompt && message.dataSources.length > 0 ? (
        <div className={styles.sources}>
          <Caption1>Data sources used</Caption1>
          <DataSourceLinks sources={message.dataSources} label="Data sources this response used" />
        </div>
      ) : null}
    </Card>
  );
}
