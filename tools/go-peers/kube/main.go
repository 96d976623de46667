// Command kube-peers is one multi-call binary holding the Kubernetes peers mtlsctl's tests run:
// invoked through a link named kube-apiserver, etcd or kubectl, or with that name as its first
// argument, it calls that upstream command's own entry point. One binary links the shared
// Kubernetes code once instead of three times.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
)

var commands = map[string]bool{"kube-apiserver": true, "etcd": true, "kubectl": true}

func main() {
	name := filepath.Base(os.Args[0])
	if !commands[name] && len(os.Args) > 1 && commands[os.Args[1]] {
		name = os.Args[1]
		os.Args = append([]string{name}, os.Args[2:]...)
	}
	switch name {
	case "kube-apiserver":
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "etcd":
		etcdmain.Main(os.Args)
	case "kubectl":
		if err := cli.RunNoErrOutput(kubectl.NewDefaultKubectlCommand()); err != nil {
			kubectlutil.CheckErr(err)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: kube-peers kube-apiserver|etcd|kubectl [args...]")
		os.Exit(2)
	}
}
