package preview

import (
	"net/http"
	"time"
)

// client is one open event stream. Events are queued on ch; a client that
// falls so far behind that ch is full is dropped (ch is closed) and its
// browser reconnects, gets the current state and reloads if it is stale.
type client struct {
	ch chan []byte
}

const clientQueue = 32

// subscribe registers a new client with the current state already queued:
// hello, then the errors if the site is broken. Under s.mu, so no event can
// slip in between. It returns nil once the server is closed.
func (s *Server) subscribe() *client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	c := &client{ch: make(chan []byte, clientQueue)}
	st := s.cur.Load()
	c.ch <- event("hello", map[string]any{"version": st.version, "build": st.build})
	if st.failed {
		c.ch <- st.errorsEvent
	}
	s.clients[c] = struct{}{}
	return c
}

func (s *Server) unsubscribe(c *client) {
	s.mu.Lock()
	delete(s.clients, c)
	s.mu.Unlock()
}

// broadcastLocked queues msg for every client; s.mu is held.
func (s *Server) broadcastLocked(msg []byte) {
	for c := range s.clients {
		select {
		case c.ch <- msg:
		default:
			delete(s.clients, c)
			close(c.ch)
		}
	}
}

// serveEvents is /__dudao/events: a Server-Sent Events stream that lasts
// until the browser goes away or Close is called.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	c := s.subscribe()
	if c == nil {
		http.Error(w, "503 the preview server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.unsubscribe(c)

	rc := http.NewResponseController(w)
	// A WriteTimeout on the http.Server must not cut the stream.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// Reconnect after a second when the stream ends (server restarted).
	if _, err := w.Write([]byte("retry: 1000\n\n")); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}

	tick := time.NewTicker(s.keepAlive)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-tick.C:
			msg = []byte(": keep-alive\n\n")
		case m, ok := <-c.ch:
			if !ok {
				return // dropped: too slow
			}
			msg = m
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		// Send whatever else is queued in the same flush.
	more:
		for {
			select {
			case m, ok := <-c.ch:
				if !ok {
					_ = rc.Flush()
					return
				}
				if _, err := w.Write(m); err != nil {
					return
				}
			default:
				break more
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}
