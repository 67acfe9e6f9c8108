package recordings

// SOAP is one exchange of soap/*.json, recorded from a real Znuny 6.5.4:
// the request and answer bodies are the raw XML.
type SOAP struct {
	Request struct {
		Headers map[string]string
		Body    string
	}
	Response struct {
		Status      int
		ContentType string `json:"content_type"`
		Body        string
	}
}
