export { SipEndpoint, defaultSipEndpointOptions, type SipEndpointOptions } from './SipEndpoint';
export { SipCallError, type PlaceCallOptions, type SipCallFailure } from './outbound';
export type { RegistrationState } from './registration';
