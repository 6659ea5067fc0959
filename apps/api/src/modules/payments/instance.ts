import type { Platform } from '../../platform/platform.js';
import type { Deliver } from './providers/provider.js';
import { createPaymentProviders, postOverHttp, type PaymentProviders } from './providers/providers.js';

/** One platform's providers, shared by its routes and its jobs (the sandboxes keep state in memory). */
export interface PaymentsInstance {
  providers: PaymentProviders;
  /**
   * Where the sandboxes deliver callbacks; the routes point it at the app itself (in process).
   * Unset: HTTP POST to PUBLIC_API_URL. Tests may replace it (e.g. to lose a callback).
   */
  deliver: Deliver | null;
}

const instances = new WeakMap<Platform, PaymentsInstance>();

export function paymentsInstance(platform: Platform): PaymentsInstance {
  let instance = instances.get(platform);
  if (!instance) {
    const holder: PaymentsInstance = { providers: undefined as unknown as PaymentProviders, deliver: null };
    holder.providers = createPaymentProviders(platform.config, {
      deliver: (url, body, headers) => (holder.deliver ?? postOverHttp)(url, body, headers),
      onSandboxError: (err) => platform.log.warn({ err }, 'payment sandbox could not deliver a callback'),
    });
    instance = holder;
    instances.set(platform, instance);
  }
  return instance;
}
