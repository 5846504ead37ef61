// Generic methods and static methods of generic classes: their shared
// (__Canon) code takes the generic context as a hidden argument, which
// kiln's compiled code receives (after `this`) and kiln's callers never
// pass — they name the exact instantiation with the InstantiatingStub flag
// and the runtime's stub supplies it. Exact instantiations over int/double
// are per instantiation and left to the JIT. Calls from the JIT-compiled
// Excluded method reach the same shared code through the runtime's stubs.
// NoInlining keeps the JIT from inlining them into a JIT-compiled caller,
// so the JIT log shows which ran precompiled.
// kiln-exclude-method: Program:Excluded(
// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Program:UseStatics(
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

class Node
{
    public string Name;
    public Node(string n) { Name = n; }
    public override string ToString() { return "Node(" + Name + ")"; }
}

static class Util
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T First<T>(T a, T b) { return a != null ? a : b; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Pick<T>(bool left, T a, T b) { return left ? a : b; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CountNonNull<T>(T[] items)
    {
        int n = 0;
        for (int i = 0; i < items.Length; i++)
            if (items[i] != null) n++;
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Swap<T>(T[] items, int i, int j)
    {
        T t = items[i];
        items[i] = items[j];
        items[j] = t;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe<T>(T value)
    {
        object o = value;
        return o == null ? "null" : o.ToString();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static K Key<K, V>(K k, V v, int n) { return n > 0 ? k : default(K); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Total<T>(List<T> list, int extra) { return list.Count + extra; }
}

class Registry<T>
{
    static int created;
    public T Item;
    public Registry(T item) { Item = item; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Bump(int by) { created += by; return created; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Either(T a, T b, int which) { return which == 0 ? a : b; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Show(T x) { object o = x; return "[" + (o == null ? "-" : o.ToString()) + "]"; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public U Map<U>(U fallback, bool useItem, U other) { return useItem ? other : fallback; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Get() { return Item; }
}

class Program
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string UseStatics(Node n)
    {
        string s = Registry<string>.Either("a", "b", 1);
        Node m = Registry<Node>.Either(n, null, 0);
        return s + Registry<Node>.Show(m) + Registry<string>.Show(null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Excluded(Node n)
    {
        Console.WriteLine(Util.First<Node>(null, n));
        Console.WriteLine(Registry<object>.Either(1, "x", 1));
        Console.WriteLine(Util.First<int>(3, 4));
    }

    static int Main()
    {
        Node a = new Node("a"), b = new Node("b");
        Console.WriteLine(Util.First<string>(null, "second"));
        Console.WriteLine(Util.First<Node>(a, b));
        Console.WriteLine(Util.Pick<Node>(false, a, b));
        Console.WriteLine(Util.Pick<int>(true, 7, 8));
        Console.WriteLine(Util.Pick<double>(false, 1.5, 2.5));
        string[] names = { "x", null, "z", "w" };
        Console.WriteLine(Util.CountNonNull<string>(names));
        Util.Swap<string>(names, 0, 3);
        Console.WriteLine(names[0] + names[3]);
        Node[] nodes = { a, b };
        Util.Swap<Node>(nodes, 0, 1);
        Console.WriteLine(nodes[0]);
        Console.WriteLine(Util.Describe<Node>(b));
        Console.WriteLine(Util.Describe<string>(null));
        Console.WriteLine(Util.Key<string, Node>("k", a, 1));
        Console.WriteLine(Util.Key<string, int>("k", 5, 0) == null);
        List<string> list = new List<string>();
        list.Add("one");
        list.Add("two");
        Console.WriteLine(Util.Total<string>(list, 10));
        Console.WriteLine(Registry<string>.Bump(2));
        Console.WriteLine(Registry<Node>.Bump(5));
        Console.WriteLine(Registry<string>.Bump(1));
        Console.WriteLine(UseStatics(a));
        Registry<Node> r = new Registry<Node>(b);
        Console.WriteLine(r.Map<string>("fallback", true, "other"));
        Console.WriteLine(r.Map<string>("fallback", false, "other"));
        Console.WriteLine(r.Get());
        Excluded(b);
        // A collection pass between uses: references held across the stub.
        for (int i = 0; i < 200; i++)
        {
            Node t = Util.First<Node>(null, new Node("g" + i));
            if (i == 199) Console.WriteLine(Util.Describe<Node>(t));
            GC.KeepAlive(new byte[1000]);
        }
        return 100;
    }
}
