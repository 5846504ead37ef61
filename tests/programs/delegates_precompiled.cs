// Delegate construction precompiled (ldftn + newobj of a delegate class:
// one call of crossgen2's DelegateCtor helper): delegates of non-generic
// delegate types to static methods, to instance methods of classes (the
// target object kept alive by the delegate across compacting collections),
// to methods of a closure class, multicast through Delegate.Combine and
// Remove, and invocation through the delegate's Invoke.
// kiln-expect-compiled: Program:MakeStatic(
// kiln-expect-compiled: Program:MakeInstance(
// kiln-expect-compiled: Program:MakeDescribe(
// kiln-expect-compiled: Program:MakeHex(
// kiln-expect-compiled: Program:MakeChain(
// kiln-expect-compiled: Program:Without(
// kiln-expect-compiled: Program:Run(
using System;
using System.Runtime.CompilerServices;

delegate int BinOp(int a, int b);
delegate string Describe(int x);
delegate void Notify(string message);

class Scale {
    int factor;
    string label;
    public Scale(int factor, string label) { this.factor = factor; this.label = label; }
    public int Apply(int a, int b) { return (a + b) * factor; }
    public string Show(int x) { return label + ":" + (x * factor); }
    public virtual string Virt(int x) { return "base" + x; }
}

class Louder : Scale {
    public Louder() : base(2, "loud") { }
    public override string Virt(int x) { return "derived" + x; }
}

class Log {
    public static string trail = "";
    public static void Add(string s) { trail += s + ";"; }
    public string prefix = "L";
    public void AddPrefixed(string s) { trail += prefix + s + ";"; }
}

class Program {
    static int Add(int a, int b) { return a + b; }
    static int Mul(int a, int b) { return a * b; }
    static string Hex(int x) { return x.ToString("x"); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static BinOp MakeStatic(bool add) { return add ? new BinOp(Add) : new BinOp(Mul); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static BinOp MakeInstance(int factor) { return new BinOp(new Scale(factor, "s").Apply); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Describe MakeDescribe(Scale s) { return new Describe(s.Show); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Describe MakeHex() { return Hex; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Run(BinOp op, int a, int b) { return op(a, b); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Notify MakeChain(Log log) {
        Notify n = new Notify(Log.Add);
        n += new Notify(log.AddPrefixed);
        n += Log.Add;
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Notify Without(Notify n) { return (Notify)Delegate.Remove(n, new Notify(Log.Add)); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Churn() {
        object keep = null;
        for (int i = 0; i < 20000; i++) { object o = new long[i % 9 + 1]; if (i % 1009 == 0) keep = o; }
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        GC.KeepAlive(keep);
    }

    static int Main() {
        Console.WriteLine(Run(MakeStatic(true), 6, 7) + " " + Run(MakeStatic(false), 6, 7));
        BinOp inst = MakeInstance(3);
        Describe d = MakeDescribe(new Louder());
        Describe h = MakeHex();
        Churn();
        Console.WriteLine(Run(inst, 6, 7));
        Console.WriteLine(d(21) + " " + h(255));
        Console.WriteLine(inst.Method.Name + " " + (inst.Target is Scale) + " " + (MakeStatic(true).Target == null));
        Log log = new Log();
        Notify chain = MakeChain(log);
        log.prefix = "P";
        chain("a");
        Without(chain)("b");
        Churn();
        chain("c");
        Console.WriteLine(Log.trail);
        Console.WriteLine(chain.GetInvocationList().Length);
        return 100;
    }
}
