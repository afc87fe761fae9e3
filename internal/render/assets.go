package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dudao/dudao/internal/content"
	"github.com/dudao/dudao/internal/digest"
)

// StaticDir holds the files copied to the site as they are.
const StaticDir = "static"

// copyAssets writes the theme's static files, with the site's own static/ files
// in place of theme files of the same name. Stylesheets and scripts under
// assets/ get a content hash in their name so browsers may cache them for
// good; the returned map leads from the plain name ("css/site.css") to the
// output path.
func copyAssets(theme fs.FS, siteDir string, sink Sink) (map[string]string, error) {
	files := map[string][]byte{}
	if theme != nil {
		err := fs.WalkDir(theme, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(theme, p)
			files[strings.TrimPrefix(p, StaticDir+"/")] = b
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("内置静态文件读取失败：%v", err)
		}
	}
	own := filepath.Join(siteDir, StaticDir)
	if _, err := os.Stat(own); err == nil {
		err := filepath.WalkDir(own, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || content.Ignored(d.Name()) {
				if d.IsDir() && p != own && content.Ignored(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(own, p)
			b, err := os.ReadFile(p)
			files[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("static 文件读取失败：%v", err)
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	assets := map[string]string{}
	for _, name := range names {
		out := name
		if strings.HasPrefix(name, "assets/") && (strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js")) {
			out = fingerprint(name, files[name])
			assets[strings.TrimPrefix(name, "assets/")] = out
		}
		if err := sink.Put(out, files[name]); err != nil {
			return nil, err
		}
	}
	return assets, nil
}

// fingerprint puts a hash of data into the file name: site.css → site.1a2b3c4d.css.
func fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

// copyFile copies a resource beside the content; for a tracked render, the
// file's size and time stand for its bytes.
func copyFile(r content.Resource) job {
	return job{part: r.Out,
		key: func() uint64 {
			info, err := os.Stat(r.Src)
			if err != nil {
				return 0 // copying reports it
			}
			return new(digest.Digest).String(r.Src).Uint64(uint64(info.Size())).Uint64(uint64(info.ModTime().UnixNano())).Sum()
		},
		run: func(s Sink) error {
			b, err := os.ReadFile(r.Src)
			if err != nil {
				return fmt.Errorf("读不了 %s：%v", r.Src, err)
			}
			return s.Put(r.Out, b)
		}}
}
