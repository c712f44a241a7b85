import type { Channel, Scenario, SpanType } from './types.js';

/**
 * What each scenario writes about. `sensitive` sentences hold slots for planted values
 * ({PAN}, {SSN}, ... one per span type); `plain` sentences hold none. Filler slots that are
 * not sensitive: {ENV} (the variable name of the {SECRET} that follows), {EXP} (a card
 * expiry), {NUM} (a four-digit ticket number), {PARTNER} and {COMPANY}. Templates avoid the
 * words that would make a value ambiguous (no "account" next to a phone, no "version" next to
 * an IP), as careful writers do.
 */
export interface ScenarioSpec {
  weight: number;
  dept: string;
  roles: readonly string[];
  channels: readonly (readonly [Channel, number])[];
  /** Share of records with no sensitive value at all. */
  clean: number;
  subjects: readonly string[];
  sensitive: readonly string[];
  plain: readonly string[];
  /** Upload channel: a CSV header and the span type of each column. */
  csv: { header: string; columns: readonly SpanType[] };
  attachments: readonly (readonly [string, string])[];
}

export const SCENARIO_SPECS: Readonly<Record<Scenario, ScenarioSpec>> = {
  legal: {
    weight: 14,
    dept: 'legal',
    roles: ['paralegal', 'counsel', 'general counsel', 'contracts manager', 'compliance officer'],
    channels: [['email', 60], ['chat', 25], ['upload', 15]],
    clean: 0.2,
    subjects: ['Signed NDA for countersignature', 'Litigation hold notice', 'Deposition schedule', 'Settlement draft v3', 'Privileged: case strategy', 'Exhibit list for review'],
    sensitive: [
      'Per our call, the signed NDA is filed as {NDA}; please countersign before Friday.',
      'Matter {MATTER} is now under a litigation hold, so keep everything that mentions {NAME}.',
      'Opposing counsel asked for the deposition dates of {NAME} in matter {MATTER}.',
      'The settlement draft for matter {MATTER} names {NAME} of {ADDR} as the claimant.',
      'Please send the exhibits covered by {NDA} to {PARTNER} by Thursday.',
      'The witness is {NAME}; you can call {PHONE} or write to {EMAIL}.',
      'Fees for matter {MATTER} are paid into IBAN {IBAN}.',
      'Under {NDA} we may share the term sheet with {NAME} only.',
    ],
    plain: [
      'Privileged and confidential: attorney work product.',
      'Let me know if the redlines on section 4.2 work for you.',
      'We should discuss the indemnification cap before the next draft.',
      'The board reviews the litigation strategy next week.',
      'I have flagged two clauses that need another look.',
    ],
    csv: { header: 'custodian,matter,nda', columns: ['NAME', 'MATTER', 'NDA'] },
    attachments: [['settlement_draft_v3.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], ['exhibit_list.pdf', 'application/pdf'], ['nda_signed.pdf', 'application/pdf']],
  },
  finance: {
    weight: 16,
    dept: 'finance',
    roles: ['accountant', 'controller', 'AP specialist', 'treasury analyst', 'CFO'],
    channels: [['email', 50], ['chat', 20], ['upload', 30]],
    clean: 0.2,
    subjects: ['Wire instructions', 'Duplicate card charge', 'Vendor bank details update', 'Refund request', 'Q3 close checklist', 'Payout reconciliation'],
    sensitive: [
      'Please wire the retainer to IBAN {IBAN} before the quarter closes.',
      'The corporate card {PAN} was charged twice for the same invoice.',
      'Card on file: {PAN}, exp {EXP}, billing address {ADDR}.',
      'The vendor changed bank details to IBAN {IBAN}; confirm with {NAME} first.',
      'Refund {NAME} to the card ending in the number {PAN} as agreed.',
      'Send the payout report to {EMAIL} once it is reconciled.',
      'Charge the travel card {PAN} for the flights of {NAME}.',
    ],
    plain: [
      'Q3 close is on track and the accruals are posted.',
      'Budget variance is within two percent this month.',
      'Invoices over the approval limit need a second signature.',
      'The auditors arrive on Monday for fieldwork.',
      'Expense reports are due by the fifth.',
    ],
    csv: { header: 'cardholder,card_number,iban', columns: ['NAME', 'PAN', 'IBAN'] },
    attachments: [['payout_report.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['invoice_4471.pdf', 'application/pdf'], ['bank_letter.pdf', 'application/pdf']],
  },
  hr: {
    weight: 14,
    dept: 'people',
    roles: ['HR generalist', 'recruiter', 'payroll specialist', 'HR business partner', 'people director'],
    channels: [['email', 50], ['chat', 20], ['upload', 30]],
    clean: 0.2,
    subjects: ['New hire paperwork', 'Background check', 'Emergency contact update', 'Offer letter', 'Payroll change', 'Benefits enrolment'],
    sensitive: [
      'New hire {NAME} has SSN {SSN} and starts Monday; payroll needs it today.',
      '{NAME} lives at {ADDR} and can be reached at {PHONE}.',
      'For the background check: {NAME}, social security number {SSN}.',
      'Direct deposit for {NAME} goes to IBAN {IBAN}.',
      'Please update the emergency contact of {NAME} to {PHONE}.',
      'The offer letter for {NAME} should go to {EMAIL}.',
      'W-4 for {NAME}: SSN {SSN}, home address {ADDR}.',
    ],
    plain: [
      'Performance reviews close at the end of the month.',
      'Open enrolment for benefits starts next week.',
      'Please keep compensation discussions in this channel.',
      'The onboarding checklist is in the usual folder.',
      'Interview feedback is due within two days.',
    ],
    csv: { header: 'employee,ssn,phone,home_address', columns: ['NAME', 'SSN', 'PHONE', 'ADDR'] },
    attachments: [['new_hire_form.pdf', 'application/pdf'], ['payroll_changes.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['offer_letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']],
  },
  security: {
    weight: 14,
    dept: 'security',
    roles: ['SOC analyst', 'security engineer', 'incident responder', 'CISO', 'red teamer'],
    channels: [['email', 30], ['chat', 35], ['pr', 20], ['upload', 15]],
    clean: 0.2,
    subjects: ['Suspicious logins', 'Leaked credentials', 'Incident update', 'Pentest findings', 'Phishing campaign', 'Firewall change'],
    sensitive: [
      'We saw repeated logins from {IP} against the VPN gateway.',
      'The leaked key {SECRET} turned up in a public gist; rotate it now.',
      'Block {IP} at the edge, it is scanning our login endpoints.',
      'Incident IR-{NUM}: the attacker used {EMAIL} to phish the finance team.',
      'The credential dump contains {DBURI} among others.',
      'Pentest finding: {ENV}={SECRET} sits in the build logs.',
      'The beacon talks to {IP} every sixty seconds.',
    ],
    plain: [
      'MFA is now enforced for all admin users.',
      'The SOC will review the alerts tomorrow morning.',
      'Please do not forward the phishing sample outside the team.',
      'We are tightening the egress rules this week.',
      'The tabletop exercise moved to Thursday.',
    ],
    csv: { header: 'source_ip,contact_email', columns: ['IP', 'EMAIL'] },
    attachments: [['ioc_list.csv', 'text/csv'], ['incident_timeline.pdf', 'application/pdf'], ['pcap_extract.pcapng', 'application/vnd.tcpdump.pcap']],
  },
  engineering: {
    weight: 16,
    dept: 'engineering',
    roles: ['backend engineer', 'SRE', 'platform engineer', 'engineering manager', 'data engineer'],
    channels: [['email', 15], ['chat', 35], ['pr', 40], ['upload', 10]],
    clean: 0.2,
    subjects: ['Staging config', 'Migration job', 'Outage follow-up', 'Deploy checklist', 'Local setup help', 'Service move'],
    sensitive: [
      'Set {ENV}={SECRET} in the staging environment before the deploy.',
      'The migration job connects with {DBURI} and runs nightly.',
      'The prod API sits behind {IP} and the health check fails from there.',
      'Can you try DATABASE_URL={DBURI} on your machine?',
      'I paged {NAME} on {PHONE} about the outage.',
      'Use {ENV}={SECRET} for the integration tests.',
    ],
    plain: [
      'CI is green again after the flaky test fix.',
      'We are moving the service to the new cluster next sprint.',
      'Please review the retry logic before merging.',
      'The dashboards now show p99 latency per route.',
      'Let us pair on the schema change tomorrow.',
    ],
    csv: { header: 'connection_string', columns: ['DBURI'] },
    attachments: [['deploy_plan.md', 'text/markdown'], ['config.env', 'text/plain'], ['schema.sql', 'application/sql']],
  },
  casual: {
    weight: 14,
    dept: 'operations',
    roles: ['office manager', 'coordinator', 'assistant', 'team lead', 'intern'],
    channels: [['email', 30], ['chat', 70]],
    clean: 0.55,
    subjects: ['Lunch?', 'Weekend plans', 'Party photos', 'Birthday cake', 'New number', 'Dinner on Friday'],
    sensitive: [
      'My new number is {PHONE}, text me anytime.',
      'Send the party photos to {EMAIL} please.',
      'Dinner is at the place of {NAME}, {ADDR}, at seven.',
      'You can reach {NAME} on {PHONE} this weekend.',
    ],
    plain: [
      'Anyone up for lunch at the Thai place today?',
      'The coffee machine on floor three is fixed.',
      'There is cake in the kitchen at three for the team.',
      'The weekend hike is still on if the weather holds.',
      'Who left the umbrella in the meeting room?',
    ],
    csv: { header: 'name,phone', columns: ['NAME', 'PHONE'] },
    attachments: [['party.jpg', 'image/jpeg'], ['menu.pdf', 'application/pdf']],
  },
  marketing: {
    weight: 12,
    dept: 'marketing',
    roles: ['marketing manager', 'content writer', 'growth analyst', 'event planner', 'brand designer'],
    channels: [['email', 55], ['chat', 20], ['upload', 25]],
    clean: 0.4,
    subjects: ['Webinar leads', 'Campaign proofs', 'Venue contact', 'Landing page copy', 'Spring launch', 'A/B test results'],
    sensitive: [
      'The webinar lead list includes {NAME}, {EMAIL} and {PHONE}.',
      'Send the campaign proofs to {EMAIL} at {PARTNER}.',
      'Our contact at the venue is {NAME}, reachable on {PHONE}.',
      'Ship the sample kit to {NAME}, {ADDR}.',
    ],
    plain: [
      'The spring campaign launches on Monday with the new landing page.',
      'Click-through improved by a third after the subject line test.',
      'Please approve the banner copy by end of day.',
      'The brand guide now has the new colour palette.',
      'We need two more testimonials for the case study.',
    ],
    csv: { header: 'lead_name,email,phone', columns: ['NAME', 'EMAIL', 'PHONE'] },
    attachments: [['leads_webinar.csv', 'text/csv'], ['campaign_proof.png', 'image/png'], ['brief.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation']],
  },
};

/** A template cut into literal text and slots, parsed once. */
export type Piece = string | { slot: string };

const cache = new Map<string, Piece[]>();

/**
 * Splits a template into literals and `{SLOT}`s (cached).
 *
 * @example
 * parseTemplate('card {PAN}.'); // ['card ', { slot: 'PAN' }, '.']
 */
export function parseTemplate(template: string): Piece[] {
  let pieces = cache.get(template);
  if (!pieces) {
    pieces = [];
    let at = 0;
    for (const m of template.matchAll(/\{([A-Z]+)\}/g)) {
      if (m.index > at) pieces.push(template.slice(at, m.index));
      pieces.push({ slot: m[1]! });
      at = m.index + m[0].length;
    }
    if (at < template.length) pieces.push(template.slice(at));
    cache.set(template, pieces);
  }
  return pieces;
}
