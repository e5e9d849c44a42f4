package modules_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryHookHasAnId: every hook binding of the release code
// (app.OnServe().Bind, OnRecordCreate(...).Bind, ...) carries a named id
// constant, as PocketBase's own do, so a test or another package can find,
// unbind or order around it. BindFunc, a handler without an Id and an id
// written as a string literal are refused. Route-level middlewares
// (se.Router.GET(...).BindFunc) are not hooks and are not checked.
func TestEveryHookHasAnId(t *testing.T) {
	fset := token.NewFileSet()
	var bad []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "ui" || n == "node_modules" || n == "testdata" || (strings.HasPrefix(n, ".") && n != "..") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if why := anonymousHook(n); why != "" {
				bad = append(bad, fset.Position(n.Pos()).String()+": "+why)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("hook bindings without an id constant:\n%s", strings.Join(bad, "\n"))
	}
}

// anonymousHook says what is wrong with n if it is a hook binding
// (x.OnSomething(...).Bind/BindFunc(...)) without a named id.
func anonymousHook(n ast.Node) string {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Bind" && sel.Sel.Name != "BindFunc") {
		return ""
	}
	on, ok := sel.X.(*ast.CallExpr)
	if !ok {
		return ""
	}
	onSel, ok := on.Fun.(*ast.SelectorExpr)
	if !ok || !strings.HasPrefix(onSel.Sel.Name, "On") {
		return ""
	}
	hookName := onSel.Sel.Name
	if sel.Sel.Name == "BindFunc" {
		return hookName + " bound with BindFunc (no id)"
	}
	if len(call.Args) != 1 {
		return ""
	}
	switch a := call.Args[0].(type) {
	case *ast.UnaryExpr: // &hook.Handler[T]{Id: ..., Func: ...}
		lit, ok := a.X.(*ast.CompositeLit)
		if !ok {
			return ""
		}
		for _, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Id" {
					if _, isLit := kv.Value.(*ast.BasicLit); isLit {
						return hookName + " id written as a literal"
					}
					return ""
				}
			}
		}
		return hookName + " handler without an Id"
	case *ast.CallExpr: // handler(HookX, fn), the packages' small constructor
		if len(a.Args) > 0 {
			if _, isLit := a.Args[0].(*ast.BasicLit); isLit {
				return hookName + " id written as a literal"
			}
		}
	}
	return ""
}
