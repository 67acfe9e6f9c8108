package store

import "sync"

// Step names one of OTRS's own functions (Kernel::System::Ticket and its
// article backend) that a GenericInterface operation calls part-way
// through a write. A test makes one fail with FailNext, as a database
// error or a broken article storage would on a real OTRS; the operation
// then goes on as OTRS's code does after that call: TicketCreate ignores
// the result of TicketLockSet, TicketPendingTimeSet and TicketAccountTime
// and answers success, TicketUpdate answers its own failure for a title,
// lock or owner it could not set, and TicketGet leaves out the files of
// an article whose attachment index it could not read. Each GI site
// cites the OTRS source it follows.
type Step string

const (
	StepTitleUpdate     Step = "TicketTitleUpdate"
	StepLockSet         Step = "TicketLockSet"
	StepOwnerSet        Step = "TicketOwnerSet"
	StepPendingTimeSet  Step = "TicketPendingTimeSet"
	StepAccountTime     Step = "TicketAccountTime"
	StepAttachmentIndex Step = "ArticleAttachmentIndex"
)

// faults counts the failures a test arranged, by step; it has its own
// lock because TicketGet runs under Mu's read lock.
type faults struct {
	mu   sync.Mutex
	left map[Step]int
}

// FailNext makes the next n calls of step fail; n < 0 makes every call
// fail until FailNext(step, 0). Tests only: a real OTRS fails so on its
// own.
func (s *Store) FailNext(step Step, n int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.left == nil {
		s.faults.left = map[Step]int{}
	}
	s.faults.left[step] = n
}

// Fails reports whether this call of step fails, counting it against
// what FailNext arranged.
func (s *Store) Fails(step Step) bool {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	n := s.faults.left[step]
	if n > 0 {
		s.faults.left[step] = n - 1
	}
	return n != 0
}
