// loomcheck decodes the registry's and the CLI's files the way Loom's Go code does (LOOM_PLUGIN_FACTS.md): its
// registry client (encoding/json into json-tagged structs) and its plugin loader (plugin.json by the json tags,
// plugin.yaml/.yml by gopkg.in/yaml.v3 into the same structs, which carry no yaml tags). It prints what Loom would
// see as JSON on stdout, and exits 1 when Loom would fail.
//
//	loomcheck registry <source-url | file>   a source as Loom's client reads it: <url> + "/registry.json" as
//	                                         written (http(s):// or file://, no ~ expansion), or a registry.json file
//	loomcheck plugin-dir <dir>               the plugins directory as Loom's loader discovers and keys it
//	loomcheck manifest <file>                one manifest file, decoded by its extension
//
// -fixed-tags decodes YAML as Loom would once its structs carry snake_case yaml tags (YAML → JSON → json tags).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The structs of Loom's plugin package, with the same tags: json only, except PluginManifest's own fields.

type Capabilities struct {
	Streaming          bool            `json:"streaming"`
	FunctionCalling    bool            `json:"function_calling"`
	Vision             bool            `json:"vision"`
	Embeddings         bool            `json:"embeddings"`
	FineTuning         bool            `json:"fine_tuning"`
	CustomCapabilities map[string]bool `json:"custom_capabilities,omitempty"`
}

type ValidationRule struct {
	MinLength int           `json:"min_length,omitempty"`
	MaxLength int           `json:"max_length,omitempty"`
	Pattern   string        `json:"pattern,omitempty"`
	Min       *float64      `json:"min,omitempty"`
	Max       *float64      `json:"max,omitempty"`
	Enum      []interface{} `json:"enum,omitempty"`
}

type ConfigField struct {
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Required    bool            `json:"required"`
	Description string          `json:"description"`
	Default     interface{}     `json:"default,omitempty"`
	Sensitive   bool            `json:"sensitive"`
	Validation  *ValidationRule `json:"validation,omitempty"`
}

type Metadata struct {
	Name             string        `json:"name"`
	Version          string        `json:"version"`
	PluginAPIVersion string        `json:"plugin_api_version"`
	ProviderType     string        `json:"provider_type"`
	Description      string        `json:"description"`
	Author           string        `json:"author"`
	Homepage         string        `json:"homepage,omitempty"`
	License          string        `json:"license,omitempty"`
	Capabilities     Capabilities  `json:"capabilities"`
	ConfigSchema     []ConfigField `json:"config_schema,omitempty"`
}

type PluginManifest struct {
	Metadata            *Metadata         `json:"metadata" yaml:"metadata"`
	Type                string            `json:"type" yaml:"type"`
	Endpoint            string            `json:"endpoint,omitempty" yaml:"endpoint,omitempty"`
	Command             string            `json:"command,omitempty" yaml:"command,omitempty"`
	Args                []string          `json:"args,omitempty" yaml:"args,omitempty"`
	Env                 map[string]string `json:"env,omitempty" yaml:"env,omitempty"`
	AutoStart           bool              `json:"auto_start" yaml:"auto_start"`
	HealthCheckInterval int               `json:"health_check_interval,omitempty" yaml:"health_check_interval,omitempty"`
}

// The registry client's index: registry.json.

type Install struct {
	Type        string `json:"type"`
	ManifestURL string `json:"manifest_url"`
	DockerImage string `json:"docker_image,omitempty"`
}

type RegistryEntry struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ProviderType     string       `json:"provider_type"`
	Description      string       `json:"description"`
	Author           string       `json:"author"`
	Version          string       `json:"version"`
	License          string       `json:"license"`
	Homepage         string       `json:"homepage"`
	Repository       string       `json:"repository"`
	Downloads        int          `json:"downloads"`
	Rating           float64      `json:"rating"`
	Reviews          int          `json:"reviews"`
	Verified         bool         `json:"verified"`
	Tags             []string     `json:"tags"`
	Capabilities     Capabilities `json:"capabilities"`
	Install          Install      `json:"install"`
	Screenshots      []string     `json:"screenshots,omitempty"`
	DocumentationURL string       `json:"documentation_url,omitempty"`
	PublishedAt      time.Time    `json:"published_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

type Registry struct {
	Version string          `json:"version"`
	Plugins []RegistryEntry `json:"plugins"`
}

var fixedTags = flag.Bool("fixed-tags", false, "decode YAML as if Loom's structs carried snake_case yaml tags")

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: loomcheck [-fixed-tags] registry <source-url|file> | plugin-dir <dir> | manifest <file>")
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	// What Loom decoded goes to stdout (a discovery also when some manifests fail), its error to stderr.
	var result interface{}
	var err error
	switch flag.Arg(0) {
	case "registry":
		var registry *Registry
		if registry, err = readRegistry(flag.Arg(1)); err == nil {
			result = registry
		}
	case "plugin-dir":
		var discovery *Discovery
		if discovery, err = discover(flag.Arg(1)); discovery != nil {
			result = discovery
		}
	case "manifest":
		var manifest *PluginManifest
		if manifest, err = loadManifest(flag.Arg(1)); err == nil {
			result = manifest
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
	if result != nil {
		out := json.NewEncoder(os.Stdout)
		out.SetIndent("", "  ")
		if encodeErr := out.Encode(result); encodeErr != nil {
			fmt.Fprintln(os.Stderr, encodeErr)
			os.Exit(2)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// readRegistry mirrors the client: "<url>/registry.json" as written, a 10 s timeout, file:// without ~ expansion,
// a missing local file being an empty registry. A path without a scheme is read as the registry.json itself.
func readRegistry(source string) (*Registry, error) {
	var data []byte
	var err error
	switch {
	case strings.HasPrefix(source, "http://"), strings.HasPrefix(source, "https://"):
		data, err = fetch(source + "/registry.json")
	case strings.HasPrefix(source, "file://"):
		data, err = os.ReadFile(filepath.Join(strings.TrimPrefix(source, "file://"), "registry.json"))
		if errors.Is(err, os.ErrNotExist) {
			return &Registry{Version: "1.0", Plugins: []RegistryEntry{}}, nil
		}
	default:
		data, err = os.ReadFile(source)
	}
	if err != nil {
		return nil, err
	}
	var registry Registry
	if err := json.Unmarshal(data, &registry); err != nil {
		return nil, fmt.Errorf("failed to parse registry: %w", err)
	}
	return &registry, nil
}

func fetch(url string) ([]byte, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}

// loadManifest mirrors the loader's loadManifest: JSON for .json, yaml.v3 otherwise, then its four checks.
func loadManifest(path string) (*PluginManifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read manifest: %w", err)
	}
	var manifest PluginManifest
	if filepath.Ext(path) == ".json" {
		if err := json.Unmarshal(data, &manifest); err != nil {
			return nil, fmt.Errorf("failed to parse JSON manifest: %w", err)
		}
	} else if err := decodeYAML(data, &manifest); err != nil {
		return nil, fmt.Errorf("failed to parse YAML manifest: %w", err)
	}
	switch {
	case manifest.Metadata == nil:
		return nil, fmt.Errorf("manifest missing metadata")
	case manifest.Metadata.Name == "":
		return nil, fmt.Errorf("manifest missing name")
	case manifest.Metadata.ProviderType == "":
		return nil, fmt.Errorf("manifest missing provider_type")
	case manifest.Type == "":
		return nil, fmt.Errorf("manifest missing type")
	}
	return &manifest, nil
}

func decodeYAML(data []byte, manifest *PluginManifest) error {
	if !*fixedTags {
		return yaml.Unmarshal(data, manifest)
	}
	var tree interface{}
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return err
	}
	asJSON, err := json.Marshal(tree)
	if err != nil {
		return err
	}
	return json.Unmarshal(asJSON, manifest)
}

type Discovered struct {
	Path     string          `json:"path"`
	Manifest *PluginManifest `json:"manifest,omitempty"`
	Error    string          `json:"error,omitempty"`
}

type Discovery struct {
	Plugins []Discovered `json:"plugins"`
	// Provider types more than one manifest declares: Loom keys loaded plugins by it, so the second fails
	// "plugin X already loaded".
	Duplicates map[string][]string `json:"duplicate_provider_types"`
}

// discover mirrors DiscoverPlugins (a walk for plugin.json, plugin.yaml, plugin.yml) and LoadPlugin's keying by
// provider_type. Every manifest that fails, and every provider type declared twice, makes it exit 1.
func discover(dir string) (*Discovery, error) {
	result := &Discovery{Plugins: []Discovered{}, Duplicates: map[string][]string{}}
	byProvider := map[string][]string{}
	failed := 0
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		base := filepath.Base(path)
		if info.IsDir() || (base != "plugin.json" && base != "plugin.yaml" && base != "plugin.yml") {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		manifest, loadErr := loadManifest(path)
		if loadErr != nil {
			failed++
			result.Plugins = append(result.Plugins, Discovered{Path: rel, Error: loadErr.Error()})
			return nil
		}
		byProvider[manifest.Metadata.ProviderType] = append(byProvider[manifest.Metadata.ProviderType], rel)
		result.Plugins = append(result.Plugins, Discovered{Path: rel, Manifest: manifest})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to walk plugins directory: %w", err)
	}
	for provider, paths := range byProvider {
		if len(paths) > 1 {
			sort.Strings(paths)
			result.Duplicates[provider] = paths
		}
	}
	if failed > 0 || len(result.Duplicates) > 0 {
		return result, fmt.Errorf("%d manifest(s) fail to load, %d provider type(s) declared more than once", failed, len(result.Duplicates))
	}
	return result, nil
}
