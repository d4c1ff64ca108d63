import { registerTexts } from './i18n.ts';
import { provisionerErrors } from './locales/provisioner-errors.ts';
import { copierErrors } from './locales/copier-errors.ts';

let registered = false;

/** Adds the engine's own refusal texts (provisioners, copier) to the catalogs, once. */
export function registerEngineTexts(): void {
  if (registered) return;
  registered = true;
  registerTexts(provisionerErrors);
  registerTexts(copierErrors);
}
