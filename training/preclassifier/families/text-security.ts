import type { G } from '../compose.js';
import { CLOSERS, OPENERS } from '../phrases.js';
import type { Family } from '../types.js';

/**
 * Security-flavoured text without a dangerous command: advice, detections for other things,
 * outage reports, code reviews, pentest findings, awareness notes. They share the vocabulary of
 * educational rows (attackers, exploit, incident, detection, finding).
 */

export const TXT_SECURITY_PROSE: Family = {
  id: 'txt-security-prose',
  label: 'text',
  desc: 'Security advice and concepts with warning words but no command.',
  subject: 'none',
  count: 75,
  templates: [
    [['Attackers rarely need an exploit when passwords are reused.', 'Most account takeovers start with a leaked password, not a clever exploit.', 'Credential stuffing (ATT&CK T1110.004) is cheap for attackers.'], ['Never reuse a password across services, and turn on multi-factor authentication everywhere it is offered.', 'A password manager plus hardware keys stops most of it.'], ['Do not rely on SMS codes if an app or key is available.', 'That single change blocks the majority of automated attacks.'], CLOSERS],
    [['Is it dangerous to open a PDF from an unknown sender?', 'Can a malicious image infect my phone?'], ['The risk is real but small on an up-to-date system.', 'It is possible, but it takes an unpatched vulnerability.'], ['Keep the viewer and the OS updated, and never enable macros or "editing" on documents you did not expect.', 'Updates close exactly the holes such files exploit.'], ['When in doubt, ask your security team before opening it.']],
    [['Warning signs of a compromised account:', 'How to tell whether your account was compromised:'], ['logins from places you have never been, password-reset e-mails you did not request, and sent messages you did not write.'], ['If you see them, change the password from a clean device, revoke active sessions, and tell your IT team.', 'Act quickly: revoke sessions, rotate the password and check the recovery options.']],
    [['Defenders spot most intrusions the same way:', 'How do defenders notice an attack?'], ['by collecting process, login and network logs and writing detections mapped to MITRE ATT&CK techniques.', 'mostly through boring telemetry: process creation, logons and DNS, mapped to MITRE ATT&CK.'], ['Treat every alert as a question, not an answer.', 'Rarely is one event enough; the sequence tells the story.'], CLOSERS],
    [['Least privilege sounds abstract, but it is simple:', 'Here is the idea behind least privilege:'], ['every account and service gets only the permissions it needs, nothing more.'], ['An attacker who compromises a low-privilege account then has little to work with.', 'It limits the blast radius when something goes wrong.'], ['Review admin group memberships quarterly.', 'Start with the accounts that have standing admin rights.']],
    [['Supply-chain attacks target the tools you trust.', 'Typosquatted packages are a real threat.'], ['A malicious package with a name one letter off from a popular one can run code at install time.', 'Attackers publish look-alike packages and wait.'], ['Pin versions, review new dependencies and enable your registry\'s provenance checks.', 'Never install a package you found only through a random comment.']],
    [['What is an exploit, exactly?', 'People ask what "exploit" means in these advisories.'], ['It is code or input that takes advantage of a bug to make software do something it should not, such as running an attacker\'s code.', 'It is the concrete technique that turns a vulnerability into access.'], ['Patching removes the bug, which makes the exploit useless.', 'That is why the advice is always the same: update quickly.'], ['Detection helps when patching lags behind.', 'Prioritise internet-facing systems.']],
    [['How dangerous is public Wi-Fi these days?', 'Is it safe to work from a cafe?'], ['Much less dangerous than it used to be, because almost everything uses TLS.', 'Mostly yes, as long as the sites and apps use HTTPS.'], ['Never ignore certificate warnings, though, and keep the VPN on for company systems.', 'Do not install "security profiles" a captive portal offers you.'], CLOSERS],
    [['Our incident response plan in one paragraph:', 'What to do when you suspect an incident:'], ['contain first (disconnect the machine from the network, but do not switch it off), then tell the security team, then write down what you saw and when.'], ['Do not try to clean up yourself; you may destroy the evidence an investigation needs.', 'Never wipe a machine before the responders have looked at it.']],
  ],
};

function siem(g: G): string {
  return g.pick([
    () => g.fence('spl', `index=web sourcetype=nginx:access status>=500\n| timechart span=5m count by status`),
    () => g.fence('spl', `index=wineventlog EventCode=4625\n| stats count by user, src_ip\n| where count > ${g.r.int(10, 50)}`),
    () => g.fence('kql', `SigninLogs\n| where ResultType != 0\n| summarize failures = count() by UserPrincipalName, IPAddress\n| where failures > ${g.r.int(5, 30)}`),
    () => g.fence('kql', `AppRequests\n| where Success == false\n| summarize count() by bin(TimeGenerated, 5m), ResultCode`),
    () => g.fence('yaml', `title: Many Failed Logons From One Source\nstatus: experimental\nlogsource:\n  product: windows\n  service: security\ndetection:\n  selection:\n    EventID: 4625\n  condition: selection | count() by IpAddress > ${g.r.int(10, 40)}\nlevel: medium\ntags:\n  - attack.t1110`),
    () => g.fence('yaml', `title: New Admin Group Member\nlogsource:\n  product: windows\n  service: security\ndetection:\n  selection:\n    EventID: 4732\n    TargetUserName: Administrators\n  condition: selection\nlevel: high`),
    () => g.fence('eql', `authentication where event.outcome == "failure" and source.ip != null`),
  ])();
}

export const TXT_SIEM_BENIGN: Family = {
  id: 'txt-siem-benign',
  label: 'text',
  desc: 'SIEM queries and Sigma rules for errors, failed logons and other non-command events.',
  subject: 'none',
  count: 75,
  templates: [
    (g) => g.fill(`${g.pick(['Run this query in your SIEM:', 'Hunting query:', 'Paste this into the search bar and set the time range to 24 hours:', 'Here is a starting point for the detection:', 'To find it, execute the following search:'])}${siem(g)}${g.pick(['It shows whether the spike lines up with the deploy.', 'Tune the threshold for your environment.', 'Last week it fired on {n} hosts, all of them test machines.', 'Schedule it every 15 minutes and route hits to the on-call channel.'])}`),
    (g) => g.fill(`${g.pick(['Detection engineering backlog item:', 'Threat hunt notes:', 'Hunt hypothesis:'])} ${g.pick(['password spraying against the VPN would show up as many failures from few sources.', 'a noisy deploy would show up as a burst of 5xx responses.', 'a new member in a privileged group should always be reviewed.'])} ${g.pick(['The search below looks for it.', 'Query:'])}${siem(g)}`),
  ],
};

export const TXT_INCIDENT_BENIGN: Family = {
  id: 'txt-incident-benign',
  label: 'text',
  desc: 'Operational incident reports and post-mortems whose fixes are benign commands.',
  subject: 'benign',
  count: 75,
  match: /rollout|restart|compose up|journalctl|kubectl logs|docker logs|delete pod|df -h|du -sh|free -m|Restart-Service|flushdns|lsof|netstat/,
  templates: [
    [['**Timeline**', 'Incident timeline ({ticket}):'], ['\n\n- {t1}: error rate on the checkout API rises above 5 %.\n- {t2}: the on-call engineer runs {INLINE} and rolls back the change.\n- {t3}: traffic back to normal.\n\n', '\n\n- {t1}: alerts for high latency on the login service.\n- {t2}: {INLINE} shows the cause.\n- {t3}: fix deployed, alerts resolve.\n\n'], ['Root cause: a config change with a typo.', 'Root cause: the disk on the primary filled up.', 'Root cause: a connection pool that was too small for the new traffic.']],
    [['Post-incident review ({ticket}).', 'Post-mortem, {date}.'], ['At {time} the deploy left the service in a crash loop. The fix was'], ['{CMD}'], ['Customers saw errors for {n} minutes.', 'No data was lost.'], ['Action item: add a canary stage.', 'Action item: alert on disk usage at 80 %.']],
    [['Summary for the board:', 'Executive summary:'], ['on {date} a certificate expired and the API was unreachable for {n} minutes.'], ['An engineer renewed it and restarted the proxy.'], ['Expiry monitoring is now in place.']],
  ],
};

export const TXT_REVIEW_BENIGN: Family = {
  id: 'txt-review-benign',
  label: 'text',
  desc: 'Code review comments on benign commands and code.',
  subject: 'benign',
  count: 75,
  templates: [
    [['Review comment on `scripts/setup.sh`, line {n}:', 'Comment on `ci/deploy.yml`, line {n}:', 'Flagging this hunk in `Makefile`:'], ['{BLOCK}'], ['This line {what}.', 'As far as I can tell it {what}.'], ['That is fine, but it runs on every build; can we cache it?', 'Fine by me; maybe add a comment on why it is needed.', 'Nit: please quote the arguments.', 'Approving.']],
    [['> {BARE}'], ['Question:', 'Nit:', 'Not a blocker:'], ['do we need this in CI?', 'could this move to the Makefile?', 'this {what}; is that intended here?']],
    [OPENERS, ['I reviewed the PR.', 'Looked through the diff.'], ['Looks good.', 'Two small things.'], ['The new step {INLINE} is fine.', 'The README should mention {INLINE}.'], ['Approving.', 'Approve once the tests pass.']],
  ],
};

export const TXT_PENTEST_FINDING: Family = {
  id: 'txt-pentest-finding',
  label: 'text',
  desc: 'Penetration-test findings about configuration issues, without a dangerous command.',
  subject: 'none',
  count: 75,
  templates: [
    (g) => g.fill(`${g.pick(['**Finding {n} (Medium):**', '**Finding {n} (Low):**', '**Finding {n} (High):**'])} ${g.pick([
      'TLS 1.0 is still enabled on {host}. An attacker in a privileged network position could downgrade connections. Recommendation: disable the legacy protocol and re-test.',
      'The admin panel on {host} is reachable from the internet. Attackers routinely scan for such panels and try default passwords. Recommendation: restrict access to the VPN range.',
      'Directory listing is enabled on {host}. It exposed backup archives during the engagement. Recommendation: turn listing off and remove the archives.',
      'Session cookies on {host} lack the Secure and HttpOnly flags. A malicious script could read them. Recommendation: set both flags and re-test.',
      'The password policy allows eight-character passwords without MFA. Password spraying succeeded against {n} accounts. Recommendation: require MFA for all remote access.',
      'The web server on {ip} reveals its exact version in the Server header, which helps attackers pick an exploit. Recommendation: suppress version banners.',
    ])} ${g.pick(['The assessment team confirmed this with a standard scanner.', 'Verified on {date}.', ''])}`),
    [['Attack path, step {n}:', 'Red team narrative, day {n}:'], ['the operator enumerated the exposed services on {ip} with `nmap -sV`', 'the team collected public information about staff from social media'], ['and found nothing exploitable on that host.', 'which fed the phishing pretext used later.'], ['The blue team did not detect this step.', 'The SOC raised an alert {n} minutes later.']],
  ],
};

export const TXT_AWARENESS: Family = {
  id: 'txt-awareness',
  label: 'text',
  desc: 'Security-awareness notes on scams and lures that contain no command.',
  subject: 'none',
  count: 75,
  templates: [
    [['Heads-up from the security team:', 'Security awareness tip:', 'Reminder for everyone:', 'This week in phishing:'], ['a phishing e-mail claims your account is compromised and urges you to "verify" it through a link.', 'scam messages posing as IT support ask people to approve MFA prompts they did not start.', 'fake CAPTCHA pages are asking visitors to press key combinations they do not understand.', 'a fake invoice with an "urgent payment" link is going around the finance team.', 'callers pretending to be from the helpdesk are asking staff for one-time codes.'], ['Never act on urgency alone.', 'Do not click, do not approve, do not paste anything.', 'The attackers count on you being busy.', 'A malicious link can look exactly like a real one.'], ['Forward suspicious messages to the security mailbox.', 'Report it and delete it.', 'If you already clicked, tell us right away - nobody gets in trouble for reporting.']],
    [['Scam pages claiming to fix a browser error are back.', 'Fake support accounts are answering complaints on social media again.'], ['Victims receive a message, think they are solving a problem, and do the risky part themselves - so mail scanners never see a file.', 'The pretext changes every week; the trick of making victims act themselves stays the same.'], ['Never follow instructions from such a page or account.', 'Do not trust a fix you did not ask for.', 'If you were a victim, your account is not suspended - just tell us.'], ['Report it to the security team - thanks for reporting, it helps everyone.', 'A reminder is in the awareness portal.', 'When unsure, escalate to the security team.']],
    [['Why do scams feel so urgent?', 'What makes a lure convincing?', 'How do social-engineering attacks work?'], ['Because urgency stops people from checking.', 'Authority and time pressure.', 'They borrow trust: a familiar logo, a colleague\'s name, a deadline.'], ['A real IT department will never ask you to run anything from an e-mail or chat message.', 'Legitimate support does not threaten to suspend your account within the hour.', 'Attackers exploit helpfulness more often than software bugs.'], ['If in doubt, call the helpdesk on the number you already know.', 'Slowing down is the best defence.']],
  ],
};

export const TXT_SECURITY: readonly Family[] = [TXT_SECURITY_PROSE, TXT_SIEM_BENIGN, TXT_INCIDENT_BENIGN, TXT_REVIEW_BENIGN, TXT_PENTEST_FINDING, TXT_AWARENESS];
