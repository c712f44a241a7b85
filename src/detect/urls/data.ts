/**
 * Reference lists for the urls detector. Data, not code: each list says where it comes from
 * and why it is shaped the way it is. All entries are lower-case ASCII.
 */

/**
 * TLDs abused far more than they are used. Sources: Spamhaus "The 10 Most Abused Top Level
 * Domains" (2023-2025 snapshots), Interisle Consulting "Cybercrime Supply Chain" reports
 * (2023, 2024) and Palo Alto Unit 42 / Netcraft on the .zip/.mov file-name confusion (2023).
 * Free or near-free registration (the former Freenom set .tk .ml .ga .cf .gq) and bulk
 * discounts drive the ratio; .zip/.mov look like file names in prose. A weak signal on its
 * own (many honest sites use .xyz or .top): it is scored low and raises other signals.
 */
export const RISKY_TLDS: ReadonlySet<string> = new Set([
  // Former Freenom free registrations.
  'tk', 'ml', 'ga', 'cf', 'gq',
  // File-extension look-alikes.
  'zip', 'mov',
  // Spamhaus / Interisle high abuse ratios.
  'xyz', 'top', 'click', 'country', 'kim', 'work', 'support', 'rest', 'cam', 'buzz', 'fit', 'gdn',
  'icu', 'cyou', 'bond', 'sbs', 'cfd', 'mom', 'lol', 'quest', 'monster', 'beauty', 'hair', 'skin',
  'makeup', 'boats', 'autos', 'yachts', 'motorcycles', 'pw', 'surf', 'link', 'loan', 'men', 'date',
  'download', 'racing', 'review', 'stream', 'win', 'bid', 'trade', 'party', 'science', 'accountant',
  'cricket', 'faith', 'webcam', 'zone', 'asia', 'uno', 'best', 'shop', 'online', 'site', 'live',
  'club', 'vip', 'life', 'today', 'ws', 'su',
]);

/** Common TLDs a bare `host.tld/path` (no scheme) may end in. Source-file extensions that are
 * also ccTLDs (.py .rs .md .sh .pl .so .ps) are left out on purpose: `setup.py/` is a path. */
export const BARE_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'io', 'co', 'ai', 'app', 'dev', 'info', 'biz', 'me', 'us', 'uk', 'de', 'fr',
  'ru', 'cn', 'jp', 'br', 'in', 'it', 'nl', 'es', 'eu', 'ca', 'au', 'ch', 'se', 'no', 'fi', 'dk', 'be',
  'at', 'cz', 'ua', 'kr', 'tw', 'hk', 'sg', 'id', 'ir', 'tr', 'vn', 'th', 'mx', 'ar', 'cl', 'za', 'ng',
  'gov', 'edu', 'mil', 'tv', 'cc', 'to', 'ly', 'gl', 'gd', 'gg', 'st', 'is', 'im', 'la', 'ee', 'sh',
  'ms', 'moe', 'page', 'run', 'cloud', 'tech', 'store', 'space', 'website', 'news', 'one', 'pro',
  ...RISKY_TLDS,
].filter((t) => !['py', 'rs', 'md', 'pl', 'so', 'ps', 'sh'].includes(t)));

/** Link shorteners: the destination is hidden until the click. */
export const SHORTENERS: ReadonlySet<string> = new Set([
  'bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'is.gd', 'v.gd', 'ow.ly', 'buff.ly',
  'rebrand.ly', 'cutt.ly', 'shorturl.at', 'rb.gy', 't.ly', 'tiny.cc', 'bl.ink', 'short.io',
  'shorte.st', 'adf.ly', 'bc.vc', 'lnkd.in', 'soo.gd', 'clck.ru', 'qrco.de', 'u.to', 'x.co',
  'tiny.one', 'shorturl.com', 's.id', 'urlz.fr', 'cli.re', 'gg.gg', '1url.com', 'surl.li', 'rotf.lol',
  'tr.im', 'snip.ly', 'db.tt', 'trib.al', 'dlvr.it', 'ift.tt', 'kutt.it', 'y2u.be',
]);

/**
 * Paste and anonymous file-drop services, used to stage payloads and receive stolen data
 * (ATT&CK T1102). `score` is the base score: raw endpoints and file drops score higher; raw
 * GitHub content is everyday developer traffic and scores low.
 */
export const PASTE_SITES: readonly { host: string; score: number; raw?: string }[] = [
  { host: 'pastebin.com', score: 0.45, raw: '/raw/' },
  { host: 'paste.ee', score: 0.45, raw: '/r/' },
  { host: 'hastebin.com', score: 0.45, raw: '/raw/' },
  { host: 'hastebin.skyra.pw', score: 0.45, raw: '/raw/' },
  { host: 'toptal.com', score: 0.45, raw: '/developers/hastebin/raw/' },
  { host: 'ghostbin.com', score: 0.45 },
  { host: 'ghostbin.co', score: 0.45 },
  { host: 'rentry.co', score: 0.45, raw: '/raw' },
  { host: 'rentry.org', score: 0.45, raw: '/raw' },
  { host: 'paste.rs', score: 0.45 },
  { host: 'dpaste.com', score: 0.4 },
  { host: 'dpaste.org', score: 0.4 },
  { host: 'controlc.com', score: 0.45 },
  { host: 'justpaste.it', score: 0.45 },
  { host: 'privatebin.net', score: 0.45 },
  { host: 'termbin.com', score: 0.5 },
  { host: 'ix.io', score: 0.5 },
  { host: 'sprunge.us', score: 0.5 },
  { host: 'transfer.sh', score: 0.5 },
  { host: 'file.io', score: 0.5 },
  { host: 'temp.sh', score: 0.5 },
  { host: '0x0.st', score: 0.5 },
  { host: 'files.catbox.moe', score: 0.5 },
  { host: 'litter.catbox.moe', score: 0.5 },
  { host: 'gofile.io', score: 0.45 },
  { host: 'anonfiles.com', score: 0.5 },
  { host: 'bashupload.com', score: 0.5 },
  { host: 'oshi.at', score: 0.5 },
  { host: 'tmpfiles.org', score: 0.5 },
  { host: 'raw.githubusercontent.com', score: 0.2 },
  { host: 'gist.githubusercontent.com', score: 0.2 },
];

/** Extensions that run when opened. `weak` ones (everyday web/dev assets) only count next to
 * another signal on the same URL. */
export const EXEC_EXTENSIONS: ReadonlyMap<string, 'strong' | 'weak'> = new Map([
  ...['exe', 'msi', 'scr', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'jse', 'wsf', 'hta', 'apk', 'dmg', 'pkg',
    'jar', 'dll', 'lnk', 'iso', 'img', 'msix', 'appx', 'cpl', 'pif', 'xll', 'reg', 'run']
    .map((e) => [e, 'strong'] as const),
  ...['js', 'sh', 'py', 'deb', 'rpm', 'appimage'].map((e) => [e, 'weak'] as const),
]);

/** Document/media extensions that make a double extension (`invoice.pdf.exe`) deceptive. */
export const DECOY_EXTENSIONS: ReadonlySet<string> = new Set(['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'jpg', 'jpeg', 'png', 'gif', 'mp3', 'mp4', 'csv', 'rtf', 'zip']);

/** Vendors whose own installer downloads are not a finding. */
export const TRUSTED_DOWNLOAD_HOSTS: readonly string[] = [
  'python.org', 'nodejs.org', 'microsoft.com', 'visualstudio.com', 'windows.net', 'mozilla.org', 'mozilla.net',
  'google.com', 'dl.google.com', 'apple.com', 'oracle.com', 'java.com', 'jetbrains.com', 'docker.com',
  'git-scm.com', 'go.dev', 'golang.org', 'rust-lang.org', 'rustup.rs', '7-zip.org', 'videolan.org',
  'npmjs.com', 'npmjs.org', 'pypi.org', 'pythonhosted.org', 'cdn.jsdelivr.net', 'unpkg.com', 'cdnjs.cloudflare.com',
  'ajax.googleapis.com', 'code.jquery.com', 'ubuntu.com', 'debian.org', 'fedoraproject.org', 'archlinux.org',
  'brew.sh', 'get.docker.com', 'sh.rustup.rs', 'deno.land', 'bun.sh', 'nvidia.com', 'adobe.com', 'zoom.us',
  'slack.com', 'anaconda.com', 'conda.io', 'postgresql.org', 'mysql.com', 'mongodb.com', 'r-project.org',
  'aka.ms', 'sysinternals.com', 'awscli.amazonaws.com', 'maven.org', 'apache.org', 'gradle.org', 'hashicorp.com',
  'the.earth.li', 'putty.org', 'notepad-plus-plus.org', 'virtualbox.org', 'obsproject.com', 'winscp.net', 'gimp.org',
];

/** Code hosts: anyone can publish there, but most release links are honest. Lowers, not drops. */
export const CODE_HOSTS: readonly string[] = [
  'github.com', 'githubusercontent.com', 'gitlab.com', 'bitbucket.org', 'sourceforge.net', 'codeberg.org',
];

/**
 * Brands commonly imitated in phishing, with the domains they really own. A host whose
 * de-confused label equals a brand and that is not one of these is a look-alike.
 */
export const BRANDS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['google', ['google.com', 'goo.gl', 'googleapis.com', 'gstatic.com', 'googleusercontent.com', 'youtube.com']],
  ['gmail', ['gmail.com', 'google.com']],
  ['youtube', ['youtube.com', 'youtu.be']],
  ['microsoft', ['microsoft.com', 'microsoftonline.com', 'live.com', 'office.com', 'azure.com', 'msn.com']],
  ['office', ['office.com', 'microsoft.com']],
  ['outlook', ['outlook.com', 'live.com', 'office.com']],
  ['apple', ['apple.com', 'icloud.com']],
  ['icloud', ['icloud.com', 'apple.com']],
  ['paypal', ['paypal.com', 'paypal.me']],
  ['amazon', ['amazon.com', 'amazonaws.com', 'amazon.co.uk', 'amazon.de', 'a2z.com']],
  ['github', ['github.com', 'github.io', 'githubusercontent.com', 'githubassets.com']],
  ['gitlab', ['gitlab.com', 'gitlab.io']],
  ['openai', ['openai.com', 'chatgpt.com', 'oaistatic.com', 'oaiusercontent.com']],
  ['chatgpt', ['chatgpt.com', 'openai.com']],
  ['anthropic', ['anthropic.com', 'claude.ai']],
  ['claude', ['claude.ai', 'anthropic.com']],
  ['facebook', ['facebook.com', 'fb.com', 'fbcdn.net', 'meta.com']],
  ['instagram', ['instagram.com', 'cdninstagram.com']],
  ['whatsapp', ['whatsapp.com', 'whatsapp.net']],
  ['netflix', ['netflix.com', 'nflxext.com']],
  ['linkedin', ['linkedin.com', 'licdn.com']],
  ['twitter', ['twitter.com', 'x.com', 't.co', 'twimg.com']],
  ['dropbox', ['dropbox.com', 'dropboxusercontent.com', 'db.tt']],
  ['adobe', ['adobe.com', 'adobelogin.com']],
  ['binance', ['binance.com']],
  ['coinbase', ['coinbase.com']],
  ['metamask', ['metamask.io']],
  ['steam', ['steampowered.com', 'steamcommunity.com']],
  ['docusign', ['docusign.com', 'docusign.net']],
  ['chase', ['chase.com']],
  ['wellsfargo', ['wellsfargo.com']],
  ['bankofamerica', ['bankofamerica.com']],
  ['yahoo', ['yahoo.com']],
  ['stripe', ['stripe.com']],
  ['slack', ['slack.com']],
  ['zoom', ['zoom.us', 'zoom.com']],
  ['okta', ['okta.com', 'oktacdn.com']],
  ['npmjs', ['npmjs.com', 'npmjs.org']],
  ['pypi', ['pypi.org', 'pythonhosted.org']],
  // Banks, payment and parcel services, the other classic phishing lures.
  ['sparkasse', ['sparkasse.de', 'sparkasse.at']],
  ['volksbank', ['volksbank.de']],
  ['postbank', ['postbank.de']],
  ['commerzbank', ['commerzbank.de', 'commerzbank.com']],
  ['comdirect', ['comdirect.de']],
  ['barclays', ['barclays.co.uk', 'barclays.com']],
  ['hsbc', ['hsbc.com', 'hsbc.co.uk']],
  ['santander', ['santander.com', 'santander.co.uk', 'santander.de', 'santander.es']],
  ['natwest', ['natwest.com']],
  ['mastercard', ['mastercard.com']],
  ['americanexpress', ['americanexpress.com', 'aexp.com']],
  ['dhl', ['dhl.com', 'dhl.de']],
  ['fedex', ['fedex.com']],
  ['usps', ['usps.com']],
  ['ebay', ['ebay.com', 'ebay.de', 'ebay.co.uk']],
  ['ziraat', ['ziraatbank.com.tr']],
]);

/** Words in a host that, next to a brand name, mark a credential-phishing page. */
export const PHISHING_WORDS: ReadonlySet<string> = new Set([
  'login', 'logon', 'signin', 'sign', 'verify', 'verification', 'secure', 'security', 'account', 'accounts',
  'update', 'support', 'auth', 'wallet', 'recovery', 'unlock', 'confirm', 'billing', 'helpdesk', 'service',
  'password', 'reset', 'validate', 'alert', 'suspended', 'id',
  // The same words in the languages of the brands above.
  'sicherheit', 'konto', 'anmelden', 'anmeldung', 'verifizierung', 'bestaetigung', 'bestaetigen', 'entsperren', 'kundenservice',
  'securite', 'connexion', 'compte', 'seguridad', 'cuenta', 'verificar', 'acceso', 'guvenlik', 'hesap', 'dogrulama', 'giris',
]);

/**
 * Platforms that hand out sub-domains to anyone: treated as public suffixes, so
 * `paypal-login.vercel.app` has registrable domain `paypal-login.vercel.app`.
 */
export const SHARED_HOSTING: readonly string[] = [
  'github.io', 'gitlab.io', 'vercel.app', 'netlify.app', 'herokuapp.com', 'pages.dev', 'workers.dev', 'web.app',
  'firebaseapp.com', 'azurewebsites.net', 'blogspot.com', 'wordpress.com', 'glitch.me', 'repl.co', 'ngrok.io',
  'ngrok-free.app', 'weebly.com', 'wixsite.com', '000webhostapp.com', 'onrender.com', 'fly.dev', 'surge.sh',
];

/**
 * Tunnel and ephemeral-host services: a sub-domain of these serves whatever runs on someone's
 * laptop, for as long as it runs (ngrok, Cloudflare quick tunnels, serveo, localtunnel, ...).
 * Phishing kits and C2 stagers use them to avoid registering a domain (ATT&CK T1572, T1583.006).
 */
export const TUNNEL_HOSTS: readonly string[] = [
  'ngrok.io', 'ngrok.app', 'ngrok.dev', 'ngrok-free.app', 'ngrok-free.dev', 'trycloudflare.com', 'serveo.net', 'serveousercontent.com',
  'loca.lt', 'localtunnel.me', 'localhost.run', 'lhr.life', 'lhr.rocks', 'pagekite.me', 'loclx.io', 'localxpose.io', 'tunnelto.dev',
  'bore.pub', 'pinggy.link', 'pinggy.online', 'free.pinggy.net', 'devtunnels.ms', 'telebit.io', 'localto.net', 'share.zrok.io',
  'sharedwithexpose.com', 'ngrok.pizza', 'tunnelmole.net', 'playit.gg', 'portmap.io', 'localhost.direct',
];

/**
 * Redirectors that send a visitor on to the URL in a parameter: a link through them shows a
 * trusted host while it lands elsewhere (open redirect, T1566.002). `path` is a prefix of the
 * redirect endpoint; link-scanning wrappers (Outlook Safe Links, Proofpoint) are left out.
 */
export const REDIRECTORS: readonly { host: string; path: string; params: readonly string[] }[] = [
  { host: 'google.com', path: '/url', params: ['q', 'url'] },
  { host: 'google.de', path: '/url', params: ['q', 'url'] },
  { host: 'google.co.uk', path: '/url', params: ['q', 'url'] },
  { host: 'google.fr', path: '/url', params: ['q', 'url'] },
  { host: 'google.es', path: '/url', params: ['q', 'url'] },
  { host: 'google.com.tr', path: '/url', params: ['q', 'url'] },
  { host: 'google.co.in', path: '/url', params: ['q', 'url'] },
  { host: 'googleadservices.com', path: '/pagead/aclk', params: ['adurl'] },
  { host: 'doubleclick.net', path: '/', params: ['adurl', 'ds_dest_url'] },
  { host: 'l.facebook.com', path: '/l.php', params: ['u'] },
  { host: 'lm.facebook.com', path: '/l.php', params: ['u'] },
  { host: 'l.instagram.com', path: '/', params: ['u'] },
  { host: 'youtube.com', path: '/redirect', params: ['q'] },
  { host: 't.umblr.com', path: '/redirect', params: ['z'] },
  { host: 'away.vk.com', path: '/away.php', params: ['to'] },
  { host: 'vk.com', path: '/away.php', params: ['to'] },
  { host: 'slack-redir.net', path: '/link', params: ['url'] },
  { host: 'linkedin.com', path: '/redir/redirect', params: ['url'] },
  { host: 'duckduckgo.com', path: '/l/', params: ['uddg'] },
  { host: 'yandex.ru', path: '/clck/', params: ['url', 'u'] },
  { host: 'bing.com', path: '/ck/', params: ['u'] },
  { host: 'href.li', path: '/', params: [] },
  { host: 'steamcommunity.com', path: '/linkfilter', params: ['url', 'u'] },
  { host: 'medium.com', path: '/r/', params: ['url'] },
];
