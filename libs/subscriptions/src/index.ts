export { NatsRelay, type NatsRelayOptions } from './nats/nats-relay';
export { CONTEXT_BY_STREAM_PREFIX, contextOf, subjectOf } from './nats/subjects';
export { signatureOf } from './webhooks/webhook-delivery';
export { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook-dispatcher';
export { OutboundUrlError, isInternalAddress, parseWebhookUrl, refuseInternalResolution } from './webhooks/outbound-url';
export { viewOf, WebhookRegistry, type NewWebhook, type Webhook, type WebhookStatus, type WebhookView } from './webhooks/webhook-registry';
