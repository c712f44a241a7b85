import { dlpData } from './data.js';
import type { Rng } from './prng.js';
import type { Channel, Recipient, RecipientClass, Scenario } from './types.js';
import { generatePerson } from './values/people.js';

const CLASS_WEIGHTS: Readonly<Record<Channel, readonly (readonly [RecipientClass, number])[]>> = {
  email: [['internal', 52], ['partner', 20], ['webmail', 13], ['competitor', 6], ['suspicious', 9]],
  chat: [['internal', 70], ['partner', 14], ['webmail', 8], ['competitor', 3], ['suspicious', 5]],
  pr: [['internal', 80], ['partner', 8], ['webmail', 12]],
  upload: [['internal', 45], ['partner', 10], ['webmail', 25], ['suspicious', 20]],
};

function localPart(rng: Rng): string {
  const p = generatePerson(rng);
  const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'user';
  const first = ascii(p.first);
  const last = ascii(p.last);
  switch (rng.int(4)) {
    case 0:
      return `${first}.${last}`;
    case 1:
      return `${first[0]}${last}`;
    case 2:
      return `${first}.${last}${rng.range(10, 99)}`;
    default:
      return `${first}_${last}`;
  }
}

/**
 * An e-mail address of a recipient class (work, partner or competitor domain, webmail, look-alike).
 *
 * @example
 * emailAddress(new Rng(1), 'webmail', 'legal'); // e.g. 'maria.lopez42@gmail.com'
 */
export function emailAddress(rng: Rng, cls: RecipientClass, scenario: Scenario): Recipient {
  const orgs = dlpData().orgs;
  const local = localPart(rng);
  switch (cls) {
    case 'internal':
      return { address: `${local}@${rng.pick(orgs.internal.domains)}`, class: cls };
    case 'partner': {
      const partner = partnerFor(rng, scenario);
      return { address: `${local}@${partner.domain}`, class: cls, org: partner.name, authorised: partner.for === scenario };
    }
    case 'webmail':
      return { address: `${local}@${rng.pick(orgs.webmail)}`, class: cls };
    case 'competitor': {
      const c = rng.pick(orgs.competitors);
      return { address: `${local}@${c.domain}`, class: cls, org: c.name };
    }
    case 'suspicious':
      return { address: `${rng.pick(['support', 'billing', 'docs', 'hr-update', local])}@${rng.pick(orgs.suspicious)}`, class: cls };
  }
}

/** A partner: seven in ten serve the scenario (authorised), the rest serve another one. */
function partnerFor(rng: Rng, scenario: Scenario) {
  const partners = dlpData().orgs.partners;
  const fitting = partners.filter((p) => p.for === scenario);
  return fitting.length > 0 && rng.chance(0.7) ? rng.pick(fitting) : rng.pick(partners);
}

/**
 * The recipients of a record: e-mail addresses for email; channels, shared channels or DMs for
 * chat; a repository for a pull request; a destination for an upload. Each carries its class.
 *
 * @example
 * drawRecipients(new Rng(1), 'upload', 'hr'); // e.g. [{ address: 'filedrop-share.ru/u', class: 'suspicious' }]
 */
export function drawRecipients(rng: Rng, channel: Channel, scenario: Scenario): Recipient[] {
  const orgs = dlpData().orgs;
  const cls = rng.weighted(CLASS_WEIGHTS[channel]);
  switch (channel) {
    case 'email': {
      const out = [emailAddress(rng, cls, scenario)];
      const more = rng.weighted([[0, 55], [1, 30], [2, 15]] as const);
      for (let i = 0; i < more; i++) out.push(emailAddress(rng, rng.chance(0.7) ? 'internal' : rng.weighted(CLASS_WEIGHTS.email), scenario));
      return out;
    }
    case 'chat': {
      if (cls === 'internal') return [{ address: rng.pick(orgs.internal.chatChannels), class: cls }];
      const dm = emailAddress(rng, cls, scenario);
      return [{ ...dm, address: cls === 'partner' ? `#shared-${dm.address.split('@')[1]!.split('.')[0]}` : `dm:${dm.address}` }];
    }
    case 'pr': {
      if (cls === 'internal') return [{ address: rng.pick(orgs.internal.repos), class: cls }];
      if (cls === 'partner') {
        const partner = partnerFor(rng, scenario);
        return [{ address: `git.${partner.domain}/shared/${rng.pick(['integration', 'migration', 'audit'])}`, class: cls, org: partner.name, authorised: partner.for === scenario }];
      }
      return [{ address: rng.pick(orgs.publicRepos), class: 'webmail' }];
    }
    case 'upload': {
      if (cls === 'internal') return [{ address: rng.pick(orgs.internal.uploads), class: cls }];
      if (cls === 'partner') {
        const partner = partnerFor(rng, scenario);
        return [{ address: `portal.${partner.domain}/upload`, class: cls, org: partner.name, authorised: partner.for === scenario }];
      }
      if (cls === 'suspicious') return [{ address: rng.pick(orgs.suspiciousUploads), class: cls }];
      return [{ address: rng.pick(orgs.personalUploads), class: 'webmail' }];
    }
  }
}

/** A sender or replier handle for thread headers (never an address: bodies hold no unlabelled e-mail). */
export function handleOf(recipient: Recipient): string {
  switch (recipient.class) {
    case 'internal':
      return 'teammate';
    case 'partner':
      return (recipient.org ?? 'partner').split(' ')[0]!.toLowerCase();
    case 'webmail':
      return 'personal';
    case 'competitor':
      return (recipient.org ?? 'external').split(' ')[0]!.toLowerCase();
    case 'suspicious':
      return 'support-desk';
  }
}
