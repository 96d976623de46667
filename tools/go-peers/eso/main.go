// Command external-secrets runs External Secrets Operator's controller through its own entry point,
// exactly as upstream's main does; mtlsctl's tests run it out of cluster against a test apiserver.
package main

import "github.com/external-secrets/external-secrets/cmd/controller"

func main() {
	controller.Execute()
}
