/**
 * Templated security text per domain for the domain classifier's training rows: instruction
 * frames × domain topics × domain detail sentences, chosen by a seeded generator. A row's
 * `group` is its instruction frame, so evaluation can hold out whole frames.
 */
import { mulberry32, randomInt } from '../../../../text/random.js';
import type { Domain } from '../domains.js';

/** Instruction frames; `{t}` is a topic. */
export const FRAMES = [
  'Explain {t} to a junior security analyst.',
  'What is {t}, and how should a team defend against it?',
  'Summarise the main risks of {t} for an executive audience.',
  'Describe how an incident responder would investigate {t}.',
  'List practical mitigations for {t}.',
  'How would you detect {t} in a production environment?',
  'Write a short briefing on {t}.',
  'Give an example scenario involving {t} and the lessons learnt.',
  'Why does {t} matter for a security programme?',
  'Outline a checklist that addresses {t}.',
] as const;

interface DomainText {
  topics: readonly string[];
  details: readonly string[];
}

/** Topics and detail sentences per domain; plain descriptive security prose. */
export const DOMAIN_TEXT: Readonly<Record<Domain, DomainText>> = {
  malware: {
    topics: ['ransomware that encrypts file servers', 'a banking trojan', 'a botnet of compromised hosts', 'a fileless backdoor', 'a self-propagating worm', 'a rootkit hiding in the kernel', 'a keylogger stealing keystrokes', 'a disk wiper', 'a remote access trojan', 'a malicious loader and dropper', 'spyware on employee laptops', 'a cryptominer infection'],
    details: ['A process nobody recognises copies itself into the startup folder and contacts an unknown server every minute.', 'Files across the share were renamed with a new extension and a note demands payment in cryptocurrency.', 'The installer bundled a hidden component that records what the user types.', 'The sample persists through a scheduled task and beacons to its command server.', 'Analysts unpack the binary in a sandbox and extract indicators of compromise.', 'Endpoint detection flags the process injection and quarantines the payload.', 'Restoring from offline backups limits the damage of the encryption.', 'Antivirus signatures miss the packed variant, so behavioural detection matters.', 'The malware spreads laterally by reusing stolen credentials.', 'Reverse engineering shows the string obfuscation and the kill switch.', 'YARA rules match the family across the fleet.'],
  },
  phishing: {
    topics: ['a spear-phishing campaign against finance staff', 'credential phishing pages', 'business email compromise', 'phishing emails with malicious attachments', 'SMS phishing (smishing)', 'voice phishing calls to the help desk', 'a lure email impersonating a supplier', 'QR code phishing'],
    details: ['Employees received a message pretending to come from payroll, asking them to sign in on a look-alike page.', 'The sender address differs by one letter from the real supplier domain.', 'Staff were told by a caller claiming to be IT support to read out the code sent to their phone.', 'The email spoofs a trusted sender and urges the victim to open an invoice.', 'Users who report the message help the security team block the sender domain.', 'A fake login page harvests credentials typed by recipients.', 'Awareness training teaches staff to check the sender and hover over links.', 'DMARC, SPF and DKIM reduce the number of spoofed messages that reach inboxes.', 'The attachment is a macro-enabled document that runs a downloader.', 'Mail gateways detonate links and attachments before delivery.'],
  },
  zero_day: {
    topics: ['a zero-day vulnerability exploited in the wild', 'a 0-day in a web browser', 'an unpatched zero-day in a VPN appliance', 'zero-day exploit brokers', 'a zero-day used before the vendor released a fix', 'emergency response to a zero-day disclosure'],
    details: ['The vendor had not yet heard of the flaw when attackers started using it.', 'There is no fixed version to install; only a temporary configuration change reduces exposure.', 'Researchers found the bug because it was already being abused against targets.', 'No patch exists yet, so teams apply the vendor workaround and monitor for exploitation.', 'The exploit was used by attackers before the vendor knew of the flaw.', 'Threat intelligence reports active exploitation days before the advisory.', 'Virtual patching at the edge buys time until the fix ships.', 'Defenders hunt for the exploit indicators in historical logs.', 'The vendor issues an out-of-band update once the zero-day is confirmed.'],
  },
  iot_security: {
    topics: ['insecure IoT devices on the home network', 'IP cameras with default passwords', 'router firmware vulnerabilities', 'smart home hubs', 'embedded devices with outdated firmware', 'Mirai-style botnets of IoT devices', 'Bluetooth Low Energy wearables', 'connected medical devices'],
    details: ['The doorbell and the baby monitor share the same flat network as the work laptop.', 'The device web panel still accepts admin/admin and cannot be updated by the owner.', 'Thousands of connected gadgets were enlisted to flood a website with traffic.', 'Many devices ship with hardcoded credentials and telnet enabled.', 'Firmware updates are rarely applied by consumers, leaving devices exposed for years.', 'Segmenting IoT devices onto their own VLAN limits what a compromised camera can reach.', 'The firmware image can be extracted from flash and analysed for secrets.', 'Manufacturers should sign firmware and support secure over-the-air updates.', 'Exposed device management interfaces are indexed by internet scanners.'],
  },
  web_security: {
    topics: ['cross-site scripting in a web application', 'SQL injection in a login form', 'cross-site request forgery', 'server-side request forgery', 'path traversal in a file download endpoint', 'insecure file upload', 'session cookie theft', 'the OWASP Top 10', 'clickjacking', 'an open redirect'],
    details: ['The search box reflects whatever the visitor types straight into the page.', 'An attacker changes the id in the URL and reads another customer\'s invoice.', 'The login form builds its database query by pasting in the username.', 'The application echoes a request parameter into the HTML page without encoding it.', 'Parameterised queries stop user input from changing the SQL statement.', 'Anti-CSRF tokens and SameSite cookies block forged requests.', 'A web application firewall filters malicious HTTP requests.', 'Output encoding and a content security policy limit script injection.', 'The server fetches attacker-chosen URLs, reaching internal metadata endpoints.', 'Input validation on the server side rejects unexpected characters.'],
  },
  network_security: {
    topics: ['network segmentation', 'firewall rule reviews', 'intrusion detection on network traffic', 'a man-in-the-middle attack on the LAN', 'DNS tunnelling for exfiltration', 'a distributed denial of service attack', 'lateral movement between subnets', 'VPN hardening', 'port scanning from the internet', 'command and control traffic over HTTPS'],
    details: ['Traffic between the two offices crosses the internet without any tunnel.', 'A host in the finance subnet suddenly talks to every other machine on port 445.', 'The perimeter rules allow any inbound connection to the management interface.', 'NetFlow records show unusual connections between internal hosts.', 'An IDS signature alerts on the suspicious packets at the perimeter.', 'Default-deny firewall rules allow only required ports and protocols.', 'Attackers sniff traffic after spoofing ARP replies on the segment.', 'Rate limiting and upstream scrubbing absorb the flood of packets.', 'Zero trust network access replaces broad VPN access.', 'Beaconing at fixed intervals stands out in proxy logs.'],
  },
  vulnerability_management: {
    topics: ['a vulnerability management programme', 'prioritising CVEs by CVSS score', 'patch management for servers', 'a buffer overflow in a network daemon', 'vulnerability scanning of the estate', 'a use-after-free bug', 'remediation service-level objectives', 'an integer overflow in an image parser', 'the CISA known exploited vulnerabilities catalog'],
    details: ['The flaw affects versions before 2.4.1 and the vendor rates it critical.', 'Hundreds of servers still run the old library release months after the fix came out.', 'A crafted input larger than the buffer crashes the service and may run attacker code.', 'The scanner reports the affected version and the CVSS base score.', 'Teams patch critical findings within fifteen days and track exceptions.', 'The vulnerability allows remote attackers to execute arbitrary code via a crafted request.', 'Asset inventory tells which hosts run the vulnerable version.', 'Exploitability and exposure raise a finding above its base score.', 'A missing bounds check lets input overwrite adjacent memory.', 'The vendor advisory lists fixed versions and workarounds.'],
  },
  cloud_security: {
    topics: ['misconfigured S3 buckets', 'cloud IAM roles with too many permissions', 'Kubernetes cluster hardening', 'container image scanning', 'securing serverless functions', 'cloud security posture management', 'Azure tenant security', 'leaked cloud access keys'],
    details: ['A storage container holding backups was readable by anyone on the internet.', 'The deployment role can create administrators in the whole tenant.', 'Secrets for the hosted account were committed to a public repository.', 'A public storage bucket exposed customer files to anyone with the URL.', 'The instance metadata service hands credentials to any process that asks.', 'Infrastructure as code scanning catches insecure defaults before deployment.', 'Pod security standards stop containers from running as root.', 'Cloud audit logs record every API call made with the stolen key.', 'Shared responsibility means the customer secures its own configuration.'],
  },
  cryptography: {
    topics: ['weak TLS cipher suites', 'password hashing with bcrypt', 'key management for encryption at rest', 'certificate validation errors', 'insecure random number generation', 'deprecated hash functions like MD5 and SHA-1', 'RSA key sizes', 'end-to-end encryption'],
    details: ['The service still accepts protocol versions retired years ago.', 'Stored passwords are unsalted and computed with a fast digest.', 'Tokens are derived from the current time, so they can be predicted.', 'The server still negotiates outdated protocol versions and export ciphers.', 'Keys live in a hardware security module and rotate every year.', 'A predictable random number generator makes session tokens guessable.', 'Clients that skip certificate checks accept a forged certificate.', 'Salted, slow hashes make offline cracking expensive.', 'Authenticated encryption such as AES-GCM protects integrity and confidentiality.', 'Collisions in the hash function break signature schemes.'],
  },
  identity_access_management: {
    topics: ['multi-factor authentication rollout', 'single sign-on with SAML', 'OAuth token misuse', 'privileged access management', 'password policies', 'brute force attacks on accounts', 'Active Directory hardening', 'least privilege access reviews', 'default and hardcoded credentials'],
    details: ['Former employees kept their logins for months after leaving.', 'Administrators sign in with a password alone, with no second factor.', 'Every engineer has full admin rights on production, whether they need them or not.', 'Phishing-resistant MFA stops most account takeover attempts.', 'Access reviews remove permissions users no longer need.', 'The identity provider issues short-lived tokens after authentication.', 'Lockout and rate limits slow password guessing.', 'Service accounts with domain admin rights are a prime target.', 'Authorization checks must run on the server for every request.', 'Credentials found in scripts are rotated and moved to a vault.'],
  },
  ics_security: {
    topics: ['PLC security in a manufacturing plant', 'SCADA network monitoring', 'Modbus protocol weaknesses', 'safety instrumented systems', 'engineering workstation hardening', 'attacks on industrial control systems', 'operational technology segmentation', 'HMI exposure on the internet', 'DNP3 in electric utilities'],
    details: ['The controllers on the plant floor accept write commands from any machine on the control network.', 'An operator console showed normal pressure while the valves were being changed.', 'The turbine safety logic was reprogrammed from the maintenance laptop.', 'Industrial protocols lack authentication, so any host on the segment can send commands to controllers.', 'Operators lose view of the process when the HMI is manipulated.', 'Changes to controller logic should be approved and compared against a known-good project file.', 'The plant network sits behind a DMZ separated from the enterprise IT network.', 'Safety systems must stay independent of the basic process control system.', 'Passive monitoring of OT traffic detects unauthorized command messages.', 'Field devices often run for decades without firmware updates.'],
  },
};

/** Every n-th row per domain is a detail-only row (always a training row: its frame is not held out). */
const DETAIL_ONLY_EVERY = 4;
const DETAIL_ONLY_INSTRUCTION = 'What is the security concern in the following observation?';

export interface SyntheticRow {
  text: string;
  label: Domain;
  /** `frame:<n>`: rows of one instruction frame share it (held out together). */
  group: string;
  origin: 'synthetic';
}

/**
 * `perDomain` templated rows per domain, deterministic for the seed.
 *
 * @example
 * syntheticRows(100, 42).length; // 1100
 */
export function syntheticRows(perDomain: number, seed: number): SyntheticRow[] {
  const rand = mulberry32(seed);
  const rows: SyntheticRow[] = [];
  for (const [domain, text] of Object.entries(DOMAIN_TEXT) as [Domain, DomainText][]) {
    for (let i = 0; i < perDomain; i++) {
      const first = randomInt(rand, text.details.length);
      const second = (first + 1 + randomInt(rand, text.details.length - 1)) % text.details.length;
      if (i % DETAIL_ONLY_EVERY === 0) {
        // No topic, only what was observed: teaches the model the domain's situations, not just its names.
        rows.push({ text: `${DETAIL_ONLY_INSTRUCTION}\n${text.details[first]} ${text.details[second]}`, label: domain, group: 'frame:detail', origin: 'synthetic' });
        continue;
      }
      const frame = randomInt(rand, FRAMES.length);
      const topic = text.topics[randomInt(rand, text.topics.length)]!;
      const instruction = FRAMES[frame]!.replace('{t}', topic);
      const response = `${topic[0]!.toUpperCase()}${topic.slice(1)}: ${text.details[first]} ${text.details[second]}`;
      rows.push({ text: `${instruction}\n${response}`, label: domain, group: `frame:${frame}`, origin: 'synthetic' });
    }
  }
  return rows;
}
