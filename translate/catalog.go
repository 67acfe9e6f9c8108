package translate

// Catalog is the read-only OTRS catalog (otrs/db, or the fake's in-memory
// one): queues, services, SLAs, users, permissions, customers... The
// catalog issue defines its methods.
type Catalog interface{}
