// Package push delivers OTRS ticket notifications to the RS4OTRS mobile
// app through Firebase Cloud Messaging (HTTP v1).
//
// It has three parts: a device-token store (bbolt file by default, Redis
// when several replicas run), an HTTP intake that OTRS's web-service
// requester calls (Znuny's "Webservice" notification transport, or an
// event invoker on OTRS 6.0 / OTOBO, where the proxy picks the recipients
// itself), and an asynchronous sender with a bounded queue and a fixed
// number of workers.
//
// A web-service notification carries the recipient's whole user record,
// including a pending password-reset token: this package never logs or
// keeps a request body, and never logs a device token. Only counts, ids
// and FCM status codes reach the log.
package push
