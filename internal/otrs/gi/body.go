package gi

import (
	"fmt"
	"io"
	"net/http"
)

// maxAnswer bounds an OTRS answer held in memory; attachments come
// base64-encoded inside it.
const maxAnswer = 256 << 20

func readBody(resp *http.Response) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	if len(b) > maxAnswer {
		return nil, fmt.Errorf("answer larger than %d bytes", maxAnswer)
	}
	return b, nil
}
