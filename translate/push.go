package translate

// Pusher stores device tokens and reports whether an agent needs to send
// a fresh one. The push issue defines its methods.
type Pusher interface{}
