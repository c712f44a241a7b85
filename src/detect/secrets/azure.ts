import { IN_FILES, UNSECURED, type SecretRule } from './types.js';

/** Microsoft Azure: storage keys, SAS tokens, Service Bus/Event Hubs keys, Entra ID client secrets. */
export const AZURE_RULES: SecretRule[] = [
  {
    id: 'secrets.azure-storage-account-key',
    description: 'Azure storage / Cosmos DB account key in a connection string (AccountKey=...)',
    category: 'cloud',
    severity: 'critical',
    pattern: /\bAccountKey\s{0,2}=\s{0,2}([A-Za-z0-9+/]{86}==)/gi,
    group: 1,
    keywords: ['accountkey'],
    score: 0.9,
    entropy: 4,
    attack: IN_FILES,
    examples: {
      tp: [
        'DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=LWKrdg5sXnfc9Zi88pekEzO1Cg+vvAyE1Ss2Uqtm5DEoAUIBStjE75pkYulMt7OjKd8HEigczmdy0tTTimdK85==;EndpointSuffix=core.windows.net',
        'AZURE_STORAGE_CONNECTION_STRING="AccountName=x;AccountKey=3bx4YQS0Vc7LrOfWdqeQGiNGihHutM2VJvkOHdhRMF/9SbDf53PuCQcn1Y+O1uLyHIOr1wzl6XGEkL4D5mGR17=="',
        'AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=HC4WnjMZENiMVmxne0s3tJ0Dv97l4iYQCYcjoLDsCrz53ujsFTO03gcSudfTaZ4/ZaUkZwn+1l75cRC4glohok==;',
      ],
      fp: [
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;',
        'AccountName=acme;AccountKey=<your-account-key>;EndpointSuffix=core.windows.net',
        'AccountKey=${STORAGE_KEY}',
      ],
    },
  },
  {
    id: 'secrets.azure-sas-token',
    description: 'Azure shared access signature (sig= with sv= in a SAS URL or token)',
    category: 'cloud',
    severity: 'high',
    pattern: /[?&;]sig=([A-Za-z0-9%+/=]{40,120})/g,
    group: 1,
    keywords: ['sig='],
    score: 0.85,
    entropy: 3.5,
    requires: { words: ['sv=', 'sr=', 'ss=', '&se=', '?se=', ';se='], window: 400 },
    context: [{ words: ['se=', 'sp='], boost: 0.05, window: 400 }],
    attack: UNSECURED,
    examples: {
      tp: [
        'https://acme.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=UHkourVdp0dhGe7%2BiKHO75IMiZD4WZuv4v8yLHNZPun%3D',
        'SharedAccessSignature=sv=2021-08-06&ss=bfqt&srt=sco&sp=rwdlacupx&se=2025-12-31&spr=https&sig=cCQUGVLcv7siDvTZ6gwE%2FFk850fXXlVqYjvZ%2B9wbSsg%3D',
        'BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2020-08-04&sr=c&sig=rM8G/V/AJTT1azql+XzLYvxv9e4psSU5hIqQBpTS3ho=',
      ],
      fp: [
        'https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=<signature>',
        'https://example.com/download?file=a.zip&sig=LZFOQwZobWlg1d1WPjRUDIuneFWYvXWSXUjR6z4uN4a',
        'sv=2022-11-02&se=2025-01-01&sig=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      ],
    },
  },
  {
    id: 'secrets.azure-connection-string',
    description: 'Azure Service Bus / Event Hubs / IoT Hub / Relay shared access key in a connection string',
    category: 'cloud',
    severity: 'critical',
    pattern: /\bSharedAccessKey\s{0,2}=\s{0,2}([A-Za-z0-9+/]{42,44}={0,2})/gi,
    group: 1,
    keywords: ['sharedaccesskey'],
    score: 0.9,
    entropy: 4,
    attack: IN_FILES,
    examples: {
      tp: [
        'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=iQkyaTG8jJKVX+4pmJcrjLvKkS57V8+SRYsbOetuTMR=',
        'HostName=acme-iot.azure-devices.net;DeviceId=pump-7;SharedAccessKey=EKtO4rH2ptGjXFgZNGbJbaWlIXlU/VZIS8O58mpWbGN=',
        'EVENTHUB_CONN="Endpoint=sb://ehns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=UHkourVdp0dhGe7+iKHO75IMiZD4WZuv4v8yLHNZPun=;EntityPath=logs"',
      ],
      fp: [
        'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
        'SharedAccessKeyName=listen-only policy name',
        'SharedAccessKey=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX=',
      ],
    },
  },
  {
    id: 'secrets.azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) application client secret (xxx8Q~...)',
    category: 'cloud',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    keywords: ['q~'],
    score: 0.85,
    entropy: 3.5,
    attack: IN_FILES,
    examples: {
      tp: [
        'AZURE_CLIENT_SECRET=OTD8Q~pQ1No49TLKj6TFcrUhAyxaDk2XyFegdPYx',
        '"clientSecret": "bWY7Q~wtgNFmQEYv4~YY~SIER_SAlLuX9_c7ZdGw"',
        'client_secret = "dCj2Q~JwlquM_1_v5UJGOqj7gVtsYUxa9nvRcz3B"',
      ],
      fp: ['AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'the Q~ operator in this DSL', 'path ~/Q~/notes.txt'],
    },
  },
];
