// Calls from precompiled code into methods of framework generic
// instantiations: instance methods of generic classes (shared canonical code
// finds its type in `this`, so no hidden argument is passed), interface
// calls on generic interfaces, unshared static methods over primitives — and
// static methods of shared instantiations, which need a generic-context
// argument kiln does not pass (their callers stay with the JIT).
using System;
using System.Collections.Generic;

class Node
{
    public string Name;
    public Node Next;
    public Node(string name) { Name = name; }
}

static class GenericInstancesFramework
{
    static int failures;

    static void Check(bool ok, int id)
    {
        if (!ok) { failures++; Console.WriteLine(-id); }
    }

    static int Fill(List<string> list, int n)
    {
        for (int i = 0; i < n; i++) list.Add("s" + i.ToString());
        return list.Count;
    }

    static int SumLengths(List<string> list)
    {
        int s = 0;
        for (int i = 0; i < list.Count; i++) s += list[i].Length;
        return s;
    }

    static int Ints(List<int> list)
    {
        list.Add(5);
        list.Add(7);
        list.Insert(0, 1);
        list[1] = list[1] * 10;
        return list[0] + list[1] + list[2] + list.Count + (list.Contains(7) ? 1000 : 0);
    }

    static int Counts(Dictionary<string, int> d, List<string> words)
    {
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            if (d.ContainsKey(w)) d[w] = d[w] + 1; else d[w] = 1;
        }
        return d.Count * 100 + d["b"];
    }

    static int Nodes(List<Node> list, int n)
    {
        for (int i = 0; i < n; i++)
        {
            Node x = new Node(new string('x', i % 7));
            x.Next = i > 0 ? list[i - 1] : null;
            list.Add(x);
            if (i % 50 == 0) GC.Collect();
        }
        int s = 0;
        for (int i = 0; i < list.Count; i++) s += list[i].Name.Length + (list[i].Next == null ? 1 : 0);
        return s;
    }

    static int Stacks(Stack<Node> stack)
    {
        stack.Push(new Node("one"));
        stack.Push(new Node("three"));
        int s = stack.Pop().Name.Length * 10;
        return s + stack.Peek().Name.Length + stack.Count * 100;
    }

    static int Compare(IComparer<string> cmp, string a, string b)
    {
        return Math.Sign(cmp.Compare(a, b));
    }

    static int CompareInts(IComparer<int> cmp, int a, int b)
    {
        return Math.Sign(cmp.Compare(a, b));
    }

    static bool Same(IEqualityComparer<string> eq, string a, string b)
    {
        return eq.Equals(a, b);
    }

    // Static method of a shared instantiation: needs the exact type from
    // the caller, so kiln leaves this method to the JIT.
    static IComparer<string> StringComparer()
    {
        return Comparer<string>.Default;
    }

    static int Main()
    {
        var strings = new List<string>();
        Check(Fill(strings, 12) == 12, 1);
        Check(SumLengths(strings) == 2 * 10 + 3 * 2, 2);
        Check(Ints(new List<int>()) == 1 + 50 + 7 + 3 + 1000, 3);

        var words = new List<string>();
        words.Add("a"); words.Add("b"); words.Add("a"); words.Add("c"); words.Add("b"); words.Add("b");
        Check(Counts(new Dictionary<string, int>(), words) == 303, 4);

        int nodes = Nodes(new List<Node>(), 400);
        Console.WriteLine(nodes);
        Check(nodes == 57 * 21 + 1, 5);
        Check(Stacks(new Stack<Node>()) == 50 + 3 + 100, 6);

        Check(Compare(StringComparer(), "apple", "banana") == -1, 7);
        Check(Compare(StringComparer(), "pear", "pear") == 0, 8);
        Check(CompareInts(Comparer<int>.Default, 9, 3) == 1, 9);
        Check(Same(EqualityComparer<string>.Default, "k" + "v", "kv"), 10);

        Console.WriteLine(SumLengths(strings));
        Console.WriteLine(failures);
        return failures == 0 ? 100 : failures;
    }
}
