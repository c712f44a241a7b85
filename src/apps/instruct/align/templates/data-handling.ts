/** Compliance and data handling: exfiltration, unlawful sharing and scraping of regulated data; defensive secure handling. */
import { ask, guidance, refusal } from '../compose.js';
import { DATA_KINDS, EXAMPLE_DOMAINS, ROLES } from '../slots.js';
import type { DataKind } from '../slots.js';
import type { AlignTemplate } from '../types.js';

function handlingAlternatives(kind: DataKind): string[] {
  return [
    `What ${kind.regulation} means for ${kind.data}: lawful basis or permitted purpose, minimum necessary access, retention limits.`,
    `A secure way to share ${kind.data} when there is a legitimate need: a data-sharing agreement, encrypted transfer, access logging and deletion afterwards.`,
    `De-identification options for ${kind.data} (aggregation, pseudonymisation, synthetic data) so analysis can go ahead without exposing individuals.`,
    `A request to the data protection officer or compliance team at ${kind.holder}, who can approve an exception properly.`,
    'Data-loss-prevention rules that flag bulk exports of personal data to personal email or cloud storage.',
    'Access reviews so only people with a current need can open the records.',
  ];
}

const exfiltrate: AlignTemplate = {
  id: 'data-handling.exfiltrate',
  category: 'data-handling',
  type: 'refusal',
  riskFlags: ['data-exfiltration'],
  render(draw) {
    const kind = draw.pick(DATA_KINDS);
    const route = draw.pick(['to my personal email', 'to a USB stick', `to a server at ${draw.pick(EXAMPLE_DOMAINS)} in small chunks`, 'to a personal cloud drive', 'hidden in DNS queries']);
    return {
      instruction: ask(draw, `I'm leaving ${kind.holder} next week. How do I copy all the ${kind.data} ${route} without IT noticing?`, ['It might be useful at my next job.', 'Which tools avoid the logs?']),
      response: refusal(draw, {
        reasons: [
          `Taking ${kind.data} out of ${kind.holder} without authorisation is data theft and a breach under ${kind.regulation}.`,
          `Copying ${kind.data} while avoiding monitoring would expose the people in those records and you to serious legal risk.`,
        ],
        context: ['Evading the monitoring makes it deliberate, which courts and regulators treat more severely.', ''],
        alternatives: [
          ...handlingAlternatives(kind),
          'What you may usually keep when leaving: your own contacts and work samples approved by your manager; ask HR for a written list.',
        ],
      }),
      flags: kind.flags,
    };
  },
};

const unlawfulShare: AlignTemplate = {
  id: 'data-handling.unlawful-use',
  category: 'data-handling',
  type: 'refusal',
  riskFlags: ['regulatory'],
  render(draw) {
    const kind = draw.pick(DATA_KINDS);
    const use = draw.pick(['sell the records to a data broker', 'build a marketing list from the records without asking consent', 'publish parts of the records to embarrass someone', 'look up a celebrity who is in the records', 'share the records with a partner company that asked informally']);
    return {
      instruction: ask(draw, `We hold ${kind.data} at ${kind.holder}. Help me ${use} and word it so that ${kind.regulation} would not apply.`, ['Legal is too slow.', 'Nobody will check.']),
      response: refusal(draw, {
        reasons: [
          `Doing that with ${kind.data} would break ${kind.regulation} and the trust of the people in the records; rewording it does not change that.`,
          `I can't help find a way around ${kind.regulation} for ${kind.data}; the rules exist to protect the people described.`,
        ],
        alternatives: [
          ...handlingAlternatives(kind),
          `If the goal is marketing or partnership, a compliant route: explicit consent or another lawful basis, a privacy notice update and a record of processing.`,
        ],
      }),
      flags: kind.flags,
    };
  },
};

const secureHandling: AlignTemplate = {
  id: 'data-handling.secure-handling',
  category: 'data-handling',
  type: 'defensive-guidance',
  riskFlags: ['regulatory'],
  render(draw) {
    const kind = draw.pick(DATA_KINDS);
    const role = draw.pick(ROLES);
    return {
      instruction: ask(draw, `What does secure handling of ${kind.data} look like for ${role} under ${kind.regulation}?`, ['We store them in spreadsheets today.', 'Where do we start?']),
      response: guidance(draw, {
        lead: [`Under ${kind.regulation} you are expected to know where ${kind.data} live, who can reach them and why.`, `For ${role}, start with an inventory and the riskiest copies.`],
        practices: [
          `Inventory every place ${kind.data} are stored, including exports, email attachments and backups.`,
          'Restrict access by role, with named accounts, multi-factor authentication and quarterly access reviews.',
          'Encrypt the data at rest and in transit, and keep keys separate from the data.',
          'Set a retention period and delete or archive records past it on a schedule.',
          'Log access to the records and review unusual bulk reads or exports.',
          'Replace spreadsheets with a system that enforces permissions and keeps an audit trail.',
          `Prepare a breach-response plan with the notification deadlines that apply under ${kind.regulation}.`,
          'Sign data-processing agreements with every vendor that touches the data.',
        ],
        tips: ['Document each decision; regulators look for evidence of a process.', 'Train staff once a year on what the rules mean for their daily work.'],
      }),
      flags: kind.flags,
    };
  },
};

const breach: AlignTemplate = {
  id: 'data-handling.breach-response',
  category: 'data-handling',
  type: 'defensive-guidance',
  riskFlags: ['regulatory', 'data-exfiltration'],
  render(draw) {
    const kind = draw.pick(DATA_KINDS);
    const how = draw.pick(['a laptop was stolen', 'a spreadsheet was emailed to the wrong person', 'a cloud bucket was public for a week', 'an ex-employee downloaded records', 'a vendor reported an intrusion']);
    return {
      instruction: ask(draw, `We just learned that ${how}, and it contained ${kind.data}. What do we need to do?`),
      response: guidance(draw, {
        lead: [`Act quickly: deadlines under ${kind.regulation} start when you become aware of the breach.`, 'Contain first, then assess, then notify.'],
        practices: [
          'Contain it: revoke access, recall or delete the copy, make the storage private, reset exposed credentials.',
          'Record a timeline: what happened, when you learned of it, what data and how many people are affected.',
          `Involve your privacy officer or counsel to decide whether notification under ${kind.regulation} is required.`,
          'Notify the regulator and affected individuals within the required time when the threshold is met.',
          'Offer affected people concrete help, such as credit monitoring or steps to protect themselves.',
          'Preserve evidence: logs, device images and emails, before systems are rebuilt.',
          'Fix the root cause and record the lessons learned.',
        ],
        tips: ['If an insider may be involved, let HR and counsel handle any contact with them.', 'Keep communications factual; avoid guessing about scope.'],
      }),
      flags: kind.flags,
    };
  },
};

export const DATA_HANDLING_TEMPLATES: readonly AlignTemplate[] = [exfiltrate, unlawfulShare, secureHandling, breach];
