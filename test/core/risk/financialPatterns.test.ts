import { expectEachText, promptFindings } from './riskTestKit';

/**
 * The test-card wording of the card rule, through detectInteraction: a card number published for testing (Stripe's
 * 4242 4242 4242 4242) is a low finding when one word of a test plan stands in the same clause, each word alone and
 * in the singular ("test", not only "tests"), before or after the number; a word that only contains one of them
 * ("latest", "contest", "testers", "Qatar") leaves it high.
 */

/** The severity and type of each card finding of a prompt. */
async function cardFindings(text: string): Promise<Array<[string, string]>> {
  return (await promptFindings(text)).filter((m) => m.rule === 'card-number').map((m) => [m.severity, m.type]);
}

const LOW: [string, string] = ['low', 'Visa card number published for testing'];
const HIGH: [string, string] = ['high', 'Visa card number'];

const expectCards = (cases: ReadonlyArray<readonly [string, Array<[string, string]>]>) =>
  expectEachText(cases, cardFindings);

describe('a card number published for testing', () => {
  it('is low beside each test-plan word alone, "test" in the singular among them, before or after the number', async () => {
    const words = ['test', 'tests', 'testing', 'sandbox', 'QA', 'UAT', 'staging', 'dummy', 'fake', 'sample'];
    await expectCards(words.map((word) => [`Pay ${word} bill with 4242 4242 4242 4242 now`, [LOW]]));
    await expectCards([
      ['Pay with 4242 4242 4242 4242 in the test', [LOW]],
      ['Test: pay with 4242 4242 4242 4242 now', [LOW]],
    ]);
  });

  it('is high where a word only contains a test-plan word, or with none', async () => {
    await expectCards([
      ['Pay the latest bill with 4242 4242 4242 4242 now', [HIGH]],
      ['Pay the contest bill with 4242 4242 4242 4242 now', [HIGH]],
      ['Pay the testers with 4242 4242 4242 4242 now', [HIGH]],
      ['Pay Qatar bill with 4242 4242 4242 4242 now', [HIGH]],
      ['Pay the bill with 4242 4242 4242 4242 now, attested', [HIGH]],
      ['Pay the bill with 4242 4242 4242 4242 now', [HIGH]],
    ]);
  });
});
