/**
 * The SIP endpoint of the telephone bridge (issue #14). Usage (the bridge wires it):
 *
 *   const sip = new SipEndpoint(config, logger);           // config: SipConfig from phone/config.ts
 *   sip.on('call', (call) => …call.answer(local) or call.reject(404));
 *   sip.on('registration', (state) => …);                  // only when trunk and credentials are set
 *   await sip.start();                                      // sip.port is the bound port
 *   const call = await sip.placeCall({ to, local, signal, timeoutMs });   // rejects with SipCallError
 *   await sip.stop();
 */
export { SipEndpoint, defaultSipEndpointOptions, type SipEndpointOptions } from './SipEndpoint';
export { SipCallError, type PlaceCallOptions, type SipCallFailure } from './outbound';
export type { RegistrationState } from './registration';
