module github.com/dudao/dudao

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
