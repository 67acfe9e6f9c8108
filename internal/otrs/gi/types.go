package gi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Int is an integer that OTRS sends either as a JSON number or as a
// string ("12"); null and "" decode to 0.
type Int int

func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("gi: %q is not an integer", b)
	}
	*n = Int(v)
	return nil
}

// Float is a number that OTRS may send as a string (time units).
type Float float64

func (f *Float) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("gi: %q is not a number", b)
	}
	*f = Float(v)
	return nil
}

// Text is a string that OTRS may send as a number or null.
type Text string

func (t *Text) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
		return nil
	}
	*t = Text(b)
	return nil
}

// FieldValue is a dynamic field value as TicketGet returns it: a string,
// a list of strings (Multiselect) or nil.
type FieldValue struct {
	Name  string
	Value any
}

// Ticket is one ticket of a TicketGet answer.
type Ticket struct {
	TicketID               Int
	TicketNumber           Text
	Title                  Text
	Age                    Int
	ArchiveFlag            Text
	Created                Text
	Changed                Text
	Closed                 Text
	CreateBy               Int
	ChangeBy               Int
	CustomerID             Text
	CustomerUserID         Text
	GroupID                Int
	Queue                  Text
	QueueID                Int
	State                  Text
	StateID                Int
	StateType              Text
	Priority               Text
	PriorityID             Int
	Lock                   Text
	LockID                 Int
	Owner                  Text
	OwnerID                Int
	Responsible            Text
	ResponsibleID          Int
	Type                   Text
	TypeID                 Int
	Service                Text
	ServiceID              Int
	SLA                    Text
	SLAID                  Int
	TimeUnit               Float
	UnlockTimeout          Int
	UntilTime              Int
	RealTillTimeNotUsed    Int
	EscalationTime         Int
	EscalationResponseTime Int
	EscalationUpdateTime   Int
	EscalationSolutionTime Int
	SolutionInMin          Int
	FirstLock              Text
	FirstResponse          Text
	DynamicField           []FieldValue
	Article                []Article
}

// Article is one article of a TicketGet answer.
type Article struct {
	ArticleID              Int
	ArticleNumber          Int
	TicketID               Int
	CommunicationChannelID Int
	SenderType             Text
	SenderTypeID           Int
	IsVisibleForCustomer   Int
	From                   Text
	To                     Text
	Cc                     Text
	Bcc                    Text
	ReplyTo                Text
	Subject                Text
	Body                   Text
	ContentType            Text
	MimeType               Text
	Charset                Text
	ContentCharset         Text
	MessageID              Text
	InReplyTo              Text
	References             Text
	IncomingTime           Int
	CreateTime             Text
	ChangeTime             Text
	CreateBy               Int
	ChangeBy               Int
	TimeUnit               Float
	DynamicField           []FieldValue
	Attachment             []Attachment
}

// Attachment is one file of an article; Content is base64 and empty when
// GetAttachmentContents=0.
type Attachment struct {
	FileID             Int
	Filename           Text
	ContentType        Text
	Disposition        Text
	ContentID          Text
	ContentAlternative Text
	FilesizeRaw        Int
	Content            Text
}

// GetOptions selects what TicketGet returns besides the ticket.
type GetOptions struct {
	DynamicFields         bool
	Extended              bool
	AllArticles           bool
	ArticleLimit          int
	ArticleOrder          string // "ASC" or "DESC"
	ArticleSenderType     []string
	Attachments           bool
	GetAttachmentContents bool
	HTMLBodyAsAttachment  bool
}

// Search is a TicketSearch query: OTRS's search keys (QueueIDs, StateType,
// Title, SortBy, Limit, DynamicField_X ...) with their values.
type Search map[string]any

// Created is the answer of TicketCreate and TicketUpdate.
type Created struct {
	TicketID     Int
	TicketNumber Text
	ArticleID    Int
	// Ticket is the ticket after the write, when the web service's
	// operation has IncludeTicketData (deploy/otrs/RS4OTRSProxy.yml); nil
	// from the stock web services.
	Ticket *WrittenTicket
}

// WrittenTicket is the ticket a TicketCreate or TicketUpdate answers
// with: the ticket backend's TicketGet (Znuny 6.5.4 TicketCreate.pm:
// 1887-1891, TicketUpdate.pm:2411-2415), which has no TimeUnit — only
// GI's TicketGet operation adds it (TicketGet.pm:386) — so TimeUnit stays
// zero. Its Article is a list after TicketCreate and one article after
// TicketUpdate; it is not read.
type WrittenTicket struct {
	Ticket
	Article json.RawMessage
}

// HistoryEntry is one row of TicketHistoryGet.
type HistoryEntry struct {
	TicketID      Int
	ArticleID     Int
	HistoryType   Text
	HistoryTypeID Int
	Name          Text
	CreateBy      Int
	CreateTime    Text
	OwnerID       Int
	PriorityID    Int
	QueueID       Int
	StateID       Int
	TypeID        Int
}

// History is the history of one ticket.
type History struct {
	TicketID Int
	History  []HistoryEntry
}

// Session is the data of an OTRS session as SessionGet returns it.
type Session map[string]string

// TicketInput is the Ticket part of TicketCreate and TicketUpdate. Only
// the fields set are sent; Queue, State... are names, *ID fields ids.
type TicketInput struct {
	Title         string       `json:",omitempty"`
	Queue         string       `json:",omitempty"`
	QueueID       int          `json:",omitempty"`
	Type          string       `json:",omitempty"`
	TypeID        int          `json:",omitempty"`
	Service       string       `json:",omitempty"`
	ServiceID     int          `json:",omitempty"`
	SLA           string       `json:",omitempty"`
	SLAID         int          `json:",omitempty"`
	State         string       `json:",omitempty"`
	StateID       int          `json:",omitempty"`
	Priority      string       `json:",omitempty"`
	PriorityID    int          `json:",omitempty"`
	Owner         string       `json:",omitempty"`
	OwnerID       int          `json:",omitempty"`
	Responsible   string       `json:",omitempty"`
	ResponsibleID int          `json:",omitempty"`
	Lock          string       `json:",omitempty"`
	LockID        int          `json:",omitempty"`
	CustomerUser  string       `json:",omitempty"`
	CustomerID    string       `json:",omitempty"`
	PendingTime   *PendingTime `json:",omitempty"`
}

// PendingTime is an absolute pending time (in OTRS's time zone) or a Diff
// in minutes from now.
type PendingTime struct {
	Year   int `json:",omitempty"`
	Month  int `json:",omitempty"`
	Day    int `json:",omitempty"`
	Hour   int `json:",omitempty"`
	Minute int `json:",omitempty"`
	Diff   int `json:",omitempty"`
}

// ArticleInput is the Article part of TicketCreate and TicketUpdate.
type ArticleInput struct {
	CommunicationChannel string   `json:",omitempty"` // Email, Phone, Internal, Chat
	SenderType           string   `json:",omitempty"` // agent, system, customer
	IsVisibleForCustomer int      `json:""`
	From                 string   `json:",omitempty"`
	To                   string   `json:",omitempty"`
	Cc                   string   `json:",omitempty"`
	ReplyTo              string   `json:",omitempty"`
	Subject              string   `json:",omitempty"`
	Body                 string   `json:",omitempty"`
	ContentType          string   `json:",omitempty"`
	MimeType             string   `json:",omitempty"`
	Charset              string   `json:",omitempty"`
	HistoryType          string   `json:",omitempty"`
	HistoryComment       string   `json:",omitempty"`
	TimeUnit             *float64 `json:",omitempty"`
	// ArticleSend makes OTRS send an Email article (Znuny 6.5+).
	ArticleSend int `json:",omitempty"`
}

// AttachmentInput is a file to add with an article; Content is base64.
type AttachmentInput struct {
	Content     string
	ContentType string
	Filename    string
}

// FieldInput sets a dynamic field; a Value of "" clears it.
type FieldInput struct {
	Name  string
	Value any
}

// TicketRequest is the body of TicketCreate and TicketUpdate.
type TicketRequest struct {
	Ticket       *TicketInput      `json:",omitempty"`
	Article      *ArticleInput     `json:",omitempty"`
	DynamicField []FieldInput      `json:",omitempty"`
	Attachment   []AttachmentInput `json:",omitempty"`
}
