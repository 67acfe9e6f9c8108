package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// The facts every example shares with the image (cmd/mkimage).
const (
	proxyPort = 8187
	proxyUID  = 65532
	dataDir   = "/data"
)

// strictDecoder decodes the kinds our manifests may use, refusing
// unknown and duplicate fields: Kubernetes itself drops an unknown field
// with at most a warning, so a misspelled `readOnlyRootFilesytem` would
// silently deploy a writable root.
var strictDecoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme,
		json.SerializerOptions{Yaml: true, Strict: true})
}()

// objects is what one example deploys, by kind and name.
type objects struct {
	deployments map[string]*appsv1.Deployment
	configMaps  map[string]*corev1.ConfigMap
	secrets     map[string]*corev1.Secret
	services    map[string]*corev1.Service
	pdbs        map[string]*policyv1.PodDisruptionBudget
	netpols     map[string]*networkingv1.NetworkPolicy
}

// decodeAll decodes every YAML document of every named source strictly.
func decodeAll(sources map[string]string) (*objects, error) {
	o := &objects{
		deployments: map[string]*appsv1.Deployment{}, configMaps: map[string]*corev1.ConfigMap{},
		secrets: map[string]*corev1.Secret{}, services: map[string]*corev1.Service{},
		pdbs: map[string]*policyv1.PodDisruptionBudget{}, netpols: map[string]*networkingv1.NetworkPolicy{},
	}
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(sources[name])))
		for i := 0; ; i++ {
			doc, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if isEmptyYAML(doc) {
				continue
			}
			obj, _, err := strictDecoder.Decode(doc, nil, nil)
			if err != nil {
				errs = append(errs, errors.New(name+" document "+strconv.Itoa(i)+": "+err.Error()))
				continue
			}
			switch v := obj.(type) {
			case *appsv1.Deployment:
				o.deployments[v.Name] = v
			case *corev1.ConfigMap:
				o.configMaps[v.Name] = v
			case *corev1.Secret:
				o.secrets[v.Name] = v
			case *corev1.Service:
				o.services[v.Name] = v
			case *policyv1.PodDisruptionBudget:
				o.pdbs[v.Name] = v
			case *networkingv1.NetworkPolicy:
				o.netpols[v.Name] = v
			default:
				errs = append(errs, errors.New(name+": unexpected kind "+obj.GetObjectKind().GroupVersionKind().Kind))
			}
		}
	}
	return o, errors.Join(errs...)
}

// isEmptyYAML reports a document of only comments and blank lines, which
// templates that render nothing leave behind.
func isEmptyYAML(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && line != "---" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// want says which optional objects an example must have.
type want struct {
	pdbMinAvailable int // 0: no PodDisruptionBudget expected
	networkPolicy   bool
	push            bool
}

// checkProxy asserts what makes the proxy deployment work and safe: the
// facts issue 14 found missing.
func checkProxy(t *testing.T, o *objects, w want) {
	t.Helper()
	var dep *appsv1.Deployment
	for name, d := range o.deployments {
		if strings.Contains(name, "rs4otrs-proxy") {
			dep = d
		}
	}
	if dep == nil {
		t.Fatal("no rs4otrs-proxy Deployment")
	}
	pod := dep.Spec.Template.Spec
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
		sc.RunAsUser == nil || *sc.RunAsUser != proxyUID || sc.FSGroup == nil || *sc.FSGroup != proxyUID {
		t.Errorf("pod securityContext %+v: want runAsNonRoot, runAsUser and fsGroup %d", pod.SecurityContext, proxyUID)
	}
	for _, d := range o.deployments {
		for _, c := range d.Spec.Template.Spec.Containers {
			if c.ImagePullPolicy == "" {
				t.Errorf("%s/%s: no imagePullPolicy", d.Name, c.Name)
			}
			if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(c.Image, ":") && !strings.Contains(c.Image, "@") {
				t.Errorf("%s/%s: image %q has no fixed tag", d.Name, c.Name, c.Image)
			}
		}
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	if sc := c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" {
		t.Errorf("container securityContext %+v: want read-only root, no privilege escalation, drop ALL", c.SecurityContext)
	}
	for probe, p := range map[string]*corev1.Probe{"/readyz": c.ReadinessProbe, "/healthz": c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != probe || p.HTTPGet.Port.String() != "http" {
			t.Errorf("probe %s missing or not on the http port: %+v", probe, p)
		}
	}
	if len(c.Ports) != 1 || c.Ports[0].ContainerPort != proxyPort || c.Ports[0].Name != "http" {
		t.Errorf("ports %+v, want http %d", c.Ports, proxyPort)
	}

	env := resolveEnv(t, o, c)
	for k, v := range map[string]string{
		"RS4OTRS_LISTEN":      "0.0.0.0:" + strconv.Itoa(proxyPort),
		"RS4OTRS_DATA_DIR":    dataDir,
		"RS4OTRS_OTRS_ROUTES": "proxy",
	} {
		if env[k].value != v {
			t.Errorf("%s = %q, want %q", k, env[k].value, v)
		}
	}
	secretVars := []string{"RS4OTRS_DB_DSN", "RS4OTRS_CHALLENGE_SECRET"}
	if w.push {
		secretVars = append(secretVars, "RS4OTRS_PUSH_SECRET")
		if env["RS4OTRS_FCM_CREDENTIALS"].value == "" {
			t.Error("push on without RS4OTRS_FCM_CREDENTIALS")
		}
	}
	for _, k := range secretVars {
		if !env[k].fromSecret {
			t.Errorf("%s does not come from a Secret", k)
		}
	}
	if !strings.HasSuffix(env["RS4OTRS_OTRS_URL"].value, "/Webservice/RS4OTRSProxy") {
		t.Errorf("RS4OTRS_OTRS_URL %q is not the RS4OTRSProxy web service", env["RS4OTRS_OTRS_URL"].value)
	}

	// The data directory is a mounted volume: the root is read-only.
	var dataVol string
	for _, m := range c.VolumeMounts {
		if m.MountPath == dataDir {
			dataVol = m.Name
		}
	}
	found := false
	for _, v := range pod.Volumes {
		if v.Name == dataVol && (v.EmptyDir != nil || v.PersistentVolumeClaim != nil) {
			found = true
		}
	}
	if dataVol == "" || !found {
		t.Errorf("no emptyDir or PVC mounted at %s", dataDir)
	}

	if w.pdbMinAvailable == 0 {
		if len(o.pdbs) != 0 {
			t.Errorf("unexpected PodDisruptionBudget %v", o.pdbs)
		}
	} else {
		ok := false
		for _, p := range o.pdbs {
			ok = ok || p.Spec.MinAvailable != nil && p.Spec.MinAvailable.IntValue() == w.pdbMinAvailable &&
				selects(p.Spec.Selector.MatchLabels, dep.Spec.Template.Labels)
		}
		if !ok {
			t.Errorf("no PodDisruptionBudget with minAvailable %d selecting the proxy", w.pdbMinAvailable)
		}
	}
	if w.networkPolicy {
		ok := false
		for _, np := range o.netpols {
			ok = ok || selects(np.Spec.PodSelector.MatchLabels, dep.Spec.Template.Labels) &&
				len(np.Spec.Ingress) > 0 && len(np.Spec.Egress) > 0 && len(np.Spec.PolicyTypes) == 2
		}
		if !ok {
			t.Error("no NetworkPolicy restricting the proxy's ingress and egress")
		}
	}
	svcOK := false
	for _, s := range o.services {
		svcOK = svcOK || selects(s.Spec.Selector, dep.Spec.Template.Labels)
	}
	if !svcOK {
		t.Error("no Service selecting the proxy")
	}
}

// selects reports whether a selector matches a pod's labels.
func selects(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

type envVar struct {
	value      string
	fromSecret bool
}

// resolveEnv returns the container's environment as Kubernetes would
// assemble it, failing when a referenced ConfigMap, Secret or key is not
// part of the example.
func resolveEnv(t *testing.T, o *objects, c corev1.Container) map[string]envVar {
	t.Helper()
	env := map[string]envVar{}
	for _, from := range c.EnvFrom {
		var kind, name string
		var data map[string]string
		switch {
		case from.ConfigMapRef != nil:
			kind, name = "ConfigMap", from.ConfigMapRef.Name
			if cm := o.configMaps[name]; cm != nil {
				data = cm.Data
			}
		case from.SecretRef != nil:
			kind, name = "Secret", from.SecretRef.Name
			if s := o.secrets[name]; s != nil {
				data = s.StringData
			}
		default:
			continue
		}
		if data == nil {
			t.Errorf("envFrom %s %q is not in the example (or empty)", kind, name)
			continue
		}
		for k, v := range data {
			env[k] = envVar{value: v, fromSecret: kind == "Secret"}
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			// A Secret the admin manages is not in the example; one the
			// example creates must hold the key.
			if s, ok := o.secrets[ref.Name]; ok {
				if _, ok := s.StringData[ref.Key]; !ok {
					t.Errorf("%s: Secret %q has no key %q", e.Name, ref.Name, ref.Key)
				}
			}
			env[e.Name] = envVar{fromSecret: true}
		case e.ValueFrom != nil:
			env[e.Name] = envVar{}
		default:
			env[e.Name] = envVar{value: e.Value}
		}
	}
	return env
}

func TestKubernetesManifests(t *testing.T) {
	files, err := filepath.Glob("kubernetes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	sources := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources[f] = string(b)
	}
	o, err := decodeAll(sources)
	if err != nil {
		t.Fatal(err)
	}
	checkProxy(t, o, want{pdbMinAvailable: 2, networkPolicy: true})
}

// TestStrictDecoding shows the checks above would catch a typo: the same
// Deployment with one field misspelled must fail.
func TestStrictDecoding(t *testing.T) {
	const good = `apiVersion: apps/v1
kind: Deployment
metadata: {name: x}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers:
        - name: c
          image: i:1
          securityContext: {readOnlyRootFilesystem: true}
`
	for _, tc := range []struct {
		name, doc string
		ok        bool
	}{
		{"valid", good, true},
		{"misspelled field", strings.Replace(good, "readOnlyRootFilesystem", "readOnlyRootFilesytem", 1), false},
		{"field at the wrong level", strings.Replace(good, "      containers:", "      replicas: 2\n      containers:", 1), false},
		{"wrong type", strings.Replace(good, "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: yes-please", 1), false},
		{"unknown kind", strings.Replace(good, "kind: Deployment", "kind: Deploymnet", 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeAll(map[string]string{"x.yaml": tc.doc})
			if (err == nil) != tc.ok {
				t.Errorf("err = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// render renders the chart the way `helm template` does, with Helm's own
// packages, offline (no cluster: lookup returns nothing).
func render(t *testing.T, vals map[string]any) (map[string]string, error) {
	t.Helper()
	ch, err := loader.Load("helm/rs4otrs-proxy")
	if err != nil {
		t.Fatal(err)
	}
	rv, err := chartutil.ToRenderValues(ch, vals,
		chartutil.ReleaseOptions{Name: "rs4otrs-proxy", Namespace: "helpdesk", IsInstall: true}, nil)
	if err != nil {
		return nil, err
	}
	out, err := engine.Render(ch, rv)
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	for name, s := range out {
		if strings.HasSuffix(name, ".yaml") {
			docs[name] = s
		}
	}
	return docs, nil
}

func TestHelmChart(t *testing.T) {
	base := func() map[string]any {
		return map[string]any{
			"otrs":  map[string]any{"url": "http://znuny.otrs.svc/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy"},
			"redis": map[string]any{"url": "redis://redis:6379/0"},
			"secrets": map[string]any{
				"dbDsn":           "mysql://rs4otrs_ro:pw@tcp(mariadb.otrs.svc:3306)/otrs",
				"challengeSecret": "0123456789abcdef0123456789abcdef",
			},
		}
	}
	with := func(m map[string]any, path string, v any) map[string]any {
		keys := strings.Split(path, ".")
		cur := m
		for _, k := range keys[:len(keys)-1] {
			next, ok := cur[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[k] = next
			}
			cur = next
		}
		cur[keys[len(keys)-1]] = v
		return m
	}
	for _, tc := range []struct {
		name    string
		vals    map[string]any
		want    want
		wantErr string // part of the chart's own refusal
	}{
		{name: "three replicas with Redis", vals: base(), want: want{pdbMinAvailable: 1, networkPolicy: true}},
		{name: "one replica, no Redis, PVC", vals: with(with(with(base(), "replicaCount", 1), "redis.url", ""), "data.existingClaim", "proxy-data"),
			want: want{networkPolicy: true}},
		{name: "existing secret, push, digest", vals: with(with(with(with(base(),
			"secrets.existingSecret", "my-proxy-secrets"),
			"push.enabled", true),
			"push.fcmCredentialsSecret", "fcm-key"),
			"image.digest", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
			want: want{pdbMinAvailable: 1, networkPolicy: true, push: true}},
		{name: "no network policy", vals: with(base(), "networkPolicy.enabled", false), want: want{pdbMinAvailable: 1}},
		{name: "defaults refuse: no OTRS URL", vals: map[string]any{}, wantErr: "otrs.url is required"},
		{name: "no database login", vals: with(base(), "secrets.dbDsn", ""), wantErr: "secrets.dbDsn"},
		{name: "no challenge secret", vals: with(base(), "secrets.challengeSecret", ""), wantErr: "secrets.challengeSecret"},
		{name: "replicas without Redis", vals: with(base(), "redis.url", ""), wantErr: "redis.url is required"},
		{name: "push without FCM key", vals: with(with(base(), "push.enabled", true), "secrets.pushSecret", "s"), wantErr: "push.fcmCredentialsSecret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := render(t, tc.vals)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			o, err := decodeAll(docs)
			if err != nil {
				t.Fatal(err)
			}
			checkProxy(t, o, tc.want)
			if tc.want.push {
				if _, ok := o.secrets["rs4otrs-proxy"]; ok {
					t.Error("a Secret was created although secrets.existingSecret is set")
				}
			}
		})
	}
}

// composeFile is the part of the Compose specification our example uses.
// Decoding is strict: a key missing here is either a typo or a new use
// of Compose that should be added to this struct on purpose.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]*struct{}      `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       string            `yaml:"build"`
	PullPolicy  string            `yaml:"pull_policy"`
	DependsOn   []string          `yaml:"depends_on"`
	Ports       []string          `yaml:"ports"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	ReadOnly    bool              `yaml:"read_only"`
	User        string            `yaml:"user"`
	CapDrop     []string          `yaml:"cap_drop"`
	SecurityOpt []string          `yaml:"security_opt"`
}

func TestCompose(t *testing.T) {
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var cf composeFile
	if err := dec.Decode(&cf); err != nil {
		t.Fatal(err)
	}
	for name, s := range cf.Services {
		if s.Image == "" {
			t.Errorf("service %s: no image", name)
		}
		for _, d := range s.DependsOn {
			if _, ok := cf.Services[d]; !ok {
				t.Errorf("service %s depends on unknown %s", name, d)
			}
		}
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if _, ok := cf.Volumes[src]; !ok {
				t.Errorf("service %s mounts %s, not a named volume of the file", name, src)
			}
		}
	}
	p, ok := cf.Services["rs4otrs-proxy"]
	if !ok {
		t.Fatal("no rs4otrs-proxy service")
	}
	env := p.Environment
	// host returns the host a URL names; the compose service of that name
	// must exist, or the example talks to nothing.
	host := func(key string) string {
		raw := env[key]
		if i := strings.Index(raw, "@tcp("); i >= 0 { // go-sql-driver's mysql://user:pw@tcp(host:port)/db
			raw = "mysql://" + strings.SplitN(raw[i+5:], ")", 2)[0]
		}
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			t.Errorf("%s = %q: no host", key, env[key])
			return ""
		}
		return u.Hostname()
	}
	for _, key := range []string{"RS4OTRS_OTRS_URL", "RS4OTRS_OTRS_WEB_URL", "RS4OTRS_DB_DSN", "RS4OTRS_REDIS_URL"} {
		if h := host(key); h != "" {
			if _, ok := cf.Services[h]; !ok {
				t.Errorf("%s points at %s, not a service of the file", key, h)
			}
		}
	}
	for k, v := range map[string]string{
		"RS4OTRS_LISTEN":      "0.0.0.0:" + strconv.Itoa(proxyPort),
		"RS4OTRS_DATA_DIR":    dataDir,
		"RS4OTRS_OTRS_ROUTES": "proxy",
	} {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	mounted := false
	for _, v := range p.Volumes {
		mounted = mounted || strings.HasSuffix(v, ":"+dataDir)
	}
	if !mounted {
		t.Errorf("no volume at %s", dataDir)
	}
	if p.User != "65532:65532" || !p.ReadOnly || p.PullPolicy == "" {
		t.Errorf("proxy: user %q read_only %v pull_policy %q", p.User, p.ReadOnly, p.PullPolicy)
	}
	// The OTRS image needs its database: the service it names must exist.
	if db := cf.Services["znuny"].Environment["OTRS_DB_HOST"]; cf.Services[db].Image == "" {
		t.Errorf("znuny's OTRS_DB_HOST %q is not a service of the file", db)
	}
}
