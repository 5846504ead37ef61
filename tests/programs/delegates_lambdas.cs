// Delegates and lambdas: static and instance delegates, closures over locals
// and loop variables, multicast, events, Func/Action, delegates to virtual
// methods, higher-order functions, anonymous methods.
using System;
using System.Collections.Generic;

delegate int BinOp(int a, int b);
delegate void Notify(string message);

class Publisher
{
    public event Notify Changed;
    int value;
    public int Value
    {
        get { return value; }
        set { this.value = value; if (Changed != null) Changed("value=" + value); }
    }
}

class Animal { public virtual string Speak() { return "..."; } }
class Cat : Animal { public override string Speak() { return "meow"; } }

class Multiplier
{
    int factor;
    public Multiplier(int f) { factor = f; }
    public int Apply(int x) { return x * factor; }
}

static class DelegatesLambdas
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Add(int a, int b) { return a + b; }
    static int Sub(int a, int b) { return a - b; }

    static Func<int, int> Compose(Func<int, int> f, Func<int, int> g) { return x => g(f(x)); }

    static Func<int> MakeCounter()
    {
        int count = 0;
        return () => ++count;
    }

    static T Fold<T>(IEnumerable<T> items, T seed, Func<T, T, T> f)
    {
        T acc = seed;
        foreach (T t in items) acc = f(acc, t);
        return acc;
    }

    static int Main()
    {
        BinOp op = Add;
        Check(op(3, 4) == 7, "static delegate");
        op = new BinOp(Sub);
        Check(op(3, 4) == -1, "explicit delegate creation");
        BinOp anon = delegate (int a, int b) { return a * b; };
        Check(anon(6, 7) == 42, "anonymous method");

        var m = new Multiplier(3);
        Func<int, int> inst = m.Apply;
        Check(inst(5) == 15 && inst.Target == m, "instance delegate");

        Animal pet = new Cat();
        Func<string> speak = pet.Speak;
        Check(speak() == "meow", "delegate to virtual method binds the override");

        Func<int, int> inc = x => x + 1, dbl = x => x * 2;
        Check(Compose(inc, dbl)(5) == 12 && Compose(dbl, inc)(5) == 11, "composition");

        var c1 = MakeCounter();
        var c2 = MakeCounter();
        c1(); c1(); c2();
        Check(c1() == 3 && c2() == 2, "independent closures");

        // Closures over loop variables: foreach captures a fresh variable each iteration (C# 5).
        var actions = new List<Func<int>>();
        foreach (int i in new[] { 10, 20, 30 }) actions.Add(() => i);
        var forActions = new List<Func<int>>();
        for (int i = 0; i < 3; i++) forActions.Add(() => i);
        Check(actions[0]() == 10 && actions[2]() == 30, "foreach capture");
        Check(forActions[0]() == 3 && forActions[2]() == 3, "for loop shares its variable");

        // Closure mutating an outer local.
        int total = 0;
        Action<int> addTo = v => total += v;
        for (int i = 1; i <= 10; i++) addTo(i);
        Check(total == 55, "closure writes outer local");

        // Multicast.
        string trace = "";
        Action a1 = () => trace += "1", a2 = () => trace += "2", a3 = () => trace += "3";
        Action all = a1 + a2 + a3;
        all();
        all -= a2;
        all();
        Check(trace == "12313", "multicast " + trace);
        Func<int> last = (() => 1);
        last += () => 2;
        Check(last() == 2 && last.GetInvocationList().Length == 2, "multicast returns last");

        // Events.
        var pub = new Publisher();
        var seen = new List<string>();
        Notify handler = s => seen.Add(s);
        pub.Changed += handler;
        pub.Changed += s => seen.Add(s.ToUpper());
        pub.Value = 5;
        pub.Changed -= handler;
        pub.Value = 6;
        Console.WriteLine(string.Join(";", seen));
        Check(string.Join(";", seen) == "value=5;VALUE=5;VALUE=6", "events");

        Check(Fold(new[] { 1, 2, 3, 4 }, 0, (x, y) => x + y) == 10, "fold int");
        Check(Fold(new[] { "a", "b", "c" }, "", (x, y) => y + x) == "cba", "fold string");
        Check(Fold(new[] { 1.5, 2.5 }, 1.0, (x, y) => x * y) == 3.75, "fold double");

        Func<int, Func<int, int>> adder = x => y => x + y;
        Check(adder(3)(4) == 7, "curried lambdas");

        Predicate<string> empty = string.IsNullOrEmpty;
        Converter<int, string> hex = v => v.ToString("x");
        Check(empty("") && !empty("a") && hex(255) == "ff", "framework delegate types");

        Comparison<int> desc = (x, y) => y.CompareTo(x);
        var arr = new List<int> { 3, 1, 2 };
        arr.Sort(desc);
        Check(arr[0] == 3 && arr[2] == 1, "comparison delegate");

        Func<int, int> fact = null;
        fact = n => n <= 1 ? 1 : n * fact(n - 1);
        Check(fact(10) == 3628800, "recursive lambda");

        Console.WriteLine(failures == 0 ? "delegates_lambdas ok" : "delegates_lambdas FAILED");
        return failures == 0 ? 100 : 1;
    }
}
