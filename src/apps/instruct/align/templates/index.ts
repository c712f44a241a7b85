/** Every alignment template, by category. Ids are unique (checked by the tests). */
import type { AlignCategory, AlignTemplate } from '../types.js';
import { DATA_HANDLING_TEMPLATES } from './data-handling.js';
import { MALWARE_TEMPLATES } from './malware.js';
import { PHISHING_TEMPLATES } from './phishing.js';
import { PROMPT_INJECTION_TEMPLATES } from './prompt-injection.js';
import { SOCIAL_ENGINEERING_TEMPLATES } from './social-engineering.js';

export const ALIGN_TEMPLATES: Readonly<Record<AlignCategory, readonly AlignTemplate[]>> = {
  phishing: PHISHING_TEMPLATES,
  malware: MALWARE_TEMPLATES,
  'social-engineering': SOCIAL_ENGINEERING_TEMPLATES,
  'data-handling': DATA_HANDLING_TEMPLATES,
  'prompt-injection': PROMPT_INJECTION_TEMPLATES,
};
