package translate

// Every routed method is built; a method added to the routes before it is
// built goes here, answering ErrNotImplemented (MsgContactAdmin).
