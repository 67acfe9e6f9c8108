package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
)

// secretFile is the name of the generated ChallengeToken key in
// RS4OTRS_DATA_DIR.
const secretFile = "challenge-secret"

// challengeSecret returns the key of the ChallengeToken HMAC:
// RS4OTRS_CHALLENGE_SECRET when set (replicas must share it), else a key
// generated once and kept in RS4OTRS_DATA_DIR, so that a single instance
// accepts its tokens after a restart. If the data dir cannot hold it, the
// key lives only as long as the process, and the log says so.
func challengeSecret(cfg *config.Config, log zerolog.Logger) ([]byte, error) {
	if cfg.ChallengeSecret != "" {
		return []byte(cfg.ChallengeSecret), nil
	}
	path := filepath.Join(cfg.DataDir, secretFile)
	key, err := loadOrCreateSecret(path)
	if err != nil {
		log.Warn().Err(err).Msg("RS4OTRS_CHALLENGE_SECRET is not set and RS4OTRS_DATA_DIR cannot keep a generated one: ChallengeTokens are refused after a restart; set RS4OTRS_CHALLENGE_SECRET (the same on every replica)")
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("generate challenge secret: %w", err)
		}
		return []byte(hex.EncodeToString(b)), nil
	}
	log.Warn().Str("file", path).Msg("RS4OTRS_CHALLENGE_SECRET is not set: using the key kept in RS4OTRS_DATA_DIR; it survives restarts of this instance, but replicas must share one RS4OTRS_CHALLENGE_SECRET")
	return key, nil
}

// loadOrCreateSecret reads the key at path, or creates it: written to a
// temporary file of mode 0600 in the same directory, then linked to path,
// which fails if another process created it first (its key then wins).
// A reader therefore never sees a partial key.
func loadOrCreateSecret(path string) ([]byte, error) {
	if key, err := readSecret(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("generate challenge secret: %w", err)
	}
	tmp, err := os.CreateTemp(dir, secretFile+".*")
	if err != nil {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(b) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	// CreateTemp makes the file 0600 already; say so for a reader.
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	return readSecret(path)
}

// readSecret reads a key file; an empty or short file is an error, not a
// key.
func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("challenge secret: %w", err)
	}
	key := strings.TrimSpace(string(b))
	if len(key) < 32 {
		return nil, fmt.Errorf("challenge secret: %s holds no key", path)
	}
	return []byte(key), nil
}
