package db

// WaitRefresh waits for the background refreshes started so far.
func (c *Catalog) WaitRefresh() { c.wg.Wait() }
