package gi

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// AttachmentRef locates one attachment in a TicketGet answer by position:
// the article's index among the ticket's articles, oldest first, and the
// attachment's index in that article's list (HTMLBodyAsAttachment on).
// Positions, not ids, because OTRS writes JSON keys in any order: FileID
// may come after Content.
type AttachmentRef struct {
	ArticleIndex    int
	AttachmentIndex int
}

// ErrNoSuchAttachment: the answer has no attachment at that position.
var ErrNoSuchAttachment = errors.New("gi: no attachment at that position")

// AttachmentContent streams the decoded content of one attachment of a
// ticket: a TicketGet through the client's Transport, like every other
// call. TicketGet sends the content base64-encoded inside its answer;
// over REST the JSON answer is walked as it arrives and only that string
// is decoded, so the file is never held in memory, neither encoded nor
// decoded (SOAP: see soapTransport.attachment). The caller closes the
// reader. The call timeout applies to each read, not to the
// whole transfer, so a large file may take longer than one call.
func (c *Client) AttachmentContent(ctx context.Context, sessionID string, ticketID int, ref AttachmentRef) (io.ReadCloser, error) {
	params := map[string]any{
		"SessionID":             sessionID,
		"TicketID":              strconv.Itoa(ticketID),
		"AllArticles":           1,
		"Attachments":           1,
		"HTMLBodyAsAttachment":  1,
		"GetAttachmentContents": 1,
		// Articles come oldest first; the later ones are not needed.
		"ArticleLimit": ref.ArticleIndex + 1,
	}
	ctx, cancel := context.WithCancel(ctx)
	idle := time.AfterFunc(c.cfg.Timeout, cancel)
	fail := func(err error) (io.ReadCloser, error) {
		idle.Stop()
		cancel()
		return nil, fmt.Errorf("%s attachment: %w", OpTicketGet, err)
	}
	reqCtx, attempts := withAttempts(context.WithValue(ctx, policyKey{}, retryReads))
	req, err := c.cfg.Transport.request(reqCtx, c.cfg.URL, OpTicketGet, params)
	if err != nil {
		return fail(err)
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	// observe records the call once its answer is known: up to the
	// content (or OTRS's error, e.g. a SOAP fault with HTTP 411), not
	// merely the HTTP exchange, which "succeeds" for every answer.
	observe := func(err error) {
		if c.cfg.Observe == nil {
			return
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.cfg.Observe(reqCtx, OpTicketGet, status, *attempts, time.Since(start), err)
	}
	if err != nil {
		observe(err)
		return fail(err)
	}
	body := &idleBody{rc: resp.Body, idle: idle, timeout: c.cfg.Timeout}
	content, err := c.cfg.Transport.attachment(resp.StatusCode, body, ref)
	observe(err)
	if err != nil {
		body.Close()
		return fail(err)
	}
	return &streamCloser{Reader: content, close: func() error { err := body.Close(); cancel(); return err }}, nil
}

// attachment walks the JSON answer as it arrives to the Content string at
// ref and decodes that string as it is read.
func (Routes) attachment(status int, body io.Reader, ref AttachmentRef) (io.Reader, error) {
	s := &jsonStream{r: bufio.NewReaderSize(body, 32<<10)}
	if err := s.seekContent(status, ref); err != nil {
		return nil, err
	}
	return base64.NewDecoder(base64.StdEncoding, &jsonStringReader{s: s}), nil
}

// idleBody restarts the idle timer on every read.
type idleBody struct {
	rc      io.ReadCloser
	idle    *time.Timer
	timeout time.Duration
}

func (b *idleBody) Read(p []byte) (int, error) {
	b.idle.Reset(b.timeout)
	return b.rc.Read(p)
}

func (b *idleBody) Close() error {
	b.idle.Stop()
	return b.rc.Close()
}

type streamCloser struct {
	io.Reader
	once  sync.Once
	close func() error
}

func (s *streamCloser) Close() error {
	var err error
	s.once.Do(func() { err = s.close() })
	return err
}

// jsonStream walks a JSON document as it is read, skipping what it does
// not need without keeping it.
type jsonStream struct {
	r *bufio.Reader
}

var errNotFound = ErrNoSuchAttachment

// seekContent positions s at the first byte inside the Content string of
// Ticket[0].Article[i].Attachment[j], or returns OTRS's error.
func (s *jsonStream) seekContent(status int, ref AttachmentRef) error {
	c, err := s.peek()
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if c != '{' {
		raw, _ := io.ReadAll(io.LimitReader(s.r, 4096))
		return decodeAnswer(OpTicketGet, status, raw, nil)
	}
	// The top level holds either Error or Ticket.
	s.next()
	for {
		key, done, err := s.nextKey()
		if err != nil {
			return err
		}
		if done {
			return errNotFound
		}
		switch key {
		case "Error":
			raw, err := s.rawValue(64 << 10)
			if err != nil {
				return err
			}
			return decodeAnswer(OpTicketGet, status, []byte(`{"Error":`+string(raw)+`}`), nil)
		case "Ticket":
			if err := s.enterIndex(0); err != nil {
				return err
			}
			for _, step := range []func() error{
				func() error { return s.enterKey("Article") },
				func() error { return s.enterIndex(ref.ArticleIndex) },
				func() error { return s.enterKey("Attachment") },
				func() error { return s.enterIndex(ref.AttachmentIndex) },
				func() error { return s.enterKey("Content") },
			} {
				if err := step(); err != nil {
					return err
				}
			}
			c, err := s.next()
			if err != nil {
				return err
			}
			if c != '"' {
				return fmt.Errorf("attachment Content is not a string: %w", ErrTransport)
			}
			return nil
		default:
			if err := s.skipValue(); err != nil {
				return err
			}
		}
	}
}

func (s *jsonStream) peek() (byte, error) {
	for {
		b, err := s.r.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			s.r.ReadByte()
			continue
		}
		return b[0], nil
	}
}

// next returns the next byte that is not white space.
func (s *jsonStream) next() (byte, error) {
	if _, err := s.peek(); err != nil {
		return 0, fmt.Errorf("read answer: %w", err)
	}
	return s.r.ReadByte()
}

// nextKey reads the next key of an object whose '{' was read, and its
// ':'; done is true at the closing '}'.
func (s *jsonStream) nextKey() (key string, done bool, err error) {
	c, err := s.next()
	if err != nil {
		return "", false, err
	}
	if c == ',' {
		if c, err = s.next(); err != nil {
			return "", false, err
		}
	}
	if c == '}' {
		return "", true, nil
	}
	if c != '"' {
		return "", false, fmt.Errorf("malformed answer: want a key, got %q: %w", c, ErrTransport)
	}
	raw, err := s.stringBytes(4096)
	if err != nil {
		return "", false, err
	}
	if err := json.Unmarshal(raw, &key); err != nil {
		return "", false, fmt.Errorf("malformed key: %v: %w", err, ErrTransport)
	}
	if c, err = s.next(); err != nil || c != ':' {
		return "", false, fmt.Errorf("malformed answer: want ':': %w", ErrTransport)
	}
	return key, false, nil
}

// enterKey positions s at the value of key in the object that starts
// next; errNotFound when the object has no such key or is not an object.
func (s *jsonStream) enterKey(key string) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	if c != '{' {
		return errNotFound
	}
	for {
		k, done, err := s.nextKey()
		if err != nil {
			return err
		}
		if done {
			return errNotFound
		}
		if k == key {
			return nil
		}
		if err := s.skipValue(); err != nil {
			return err
		}
	}
}

// enterIndex positions s at element i of the array that starts next.
func (s *jsonStream) enterIndex(i int) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	if c != '[' {
		return errNotFound
	}
	for n := 0; ; n++ {
		c, err := s.peek()
		if err != nil {
			return err
		}
		if c == ',' {
			s.r.ReadByte()
			c, err = s.peek()
			if err != nil {
				return err
			}
		}
		if c == ']' {
			return errNotFound
		}
		if n == i {
			return nil
		}
		if err := s.skipValue(); err != nil {
			return err
		}
	}
}

// skipValue reads past one value without keeping it.
func (s *jsonStream) skipValue() error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		_, err := s.stringBytes(-1)
		return err
	case '{', '[':
		depth := 1
		for depth > 0 {
			b, err := s.r.ReadByte()
			if err != nil {
				return fmt.Errorf("read answer: %w", err)
			}
			switch b {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			case '"':
				if _, err := s.stringBytes(-1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// A number, true, false or null: read up to the delimiter.
	for {
		b, err := s.r.Peek(1)
		if err != nil {
			return fmt.Errorf("read answer: %w", err)
		}
		switch b[0] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return nil
		}
		s.r.ReadByte()
	}
}

// stringBytes reads the rest of a string whose opening quote was read and
// returns it quoted, for json.Unmarshal; with limit < 0 it keeps nothing.
func (s *jsonStream) stringBytes(limit int) ([]byte, error) {
	var out []byte
	if limit >= 0 {
		out = append(out, '"')
	}
	escaped := false
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("read answer: %w", err)
		}
		if limit >= 0 {
			if len(out) > limit {
				return nil, fmt.Errorf("string longer than %d bytes: %w", limit, ErrTransport)
			}
			out = append(out, b)
		}
		switch {
		case escaped:
			escaped = false
		case b == '\\':
			escaped = true
		case b == '"':
			return out, nil
		}
	}
}

// rawValue returns the next value's JSON text (up to limit bytes).
func (s *jsonStream) rawValue(limit int) ([]byte, error) {
	dec := json.NewDecoder(io.LimitReader(s.r, int64(limit)))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("decode answer: %v: %w", err, ErrTransport)
	}
	return raw, nil
}

// jsonStringReader yields the characters of the JSON string s is in,
// unescaped, up to its closing quote. Base64 text has no escapes but an
// optional \/ and line breaks, which it handles.
type jsonStringReader struct {
	s    *jsonStream
	done bool
}

func (j *jsonStringReader) Read(p []byte) (int, error) {
	if j.done {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) {
		if n > 0 && j.s.r.Buffered() == 0 {
			break // hand out what we have instead of blocking
		}
		b, err := j.s.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
		switch b {
		case '"':
			j.done = true
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		case '\\':
			e, err := j.s.r.ReadByte()
			if err != nil {
				return n, io.ErrUnexpectedEOF
			}
			switch e {
			case '/', '\\', '"':
				b = e
			case 'n':
				b = '\n'
			case 'r':
				b = '\r'
			default:
				return n, fmt.Errorf("unexpected escape \\%c in attachment content: %w", e, ErrTransport)
			}
		}
		p[n] = b
		n++
	}
	return n, nil
}
