// Ladder rung for GC info: object references held in locals and arguments
// across calls that allocate (and so may collect and move objects), in
// loops, in arrays of references and linked structures; only static methods
// and integer output. Run by the harness under GC stress too.
using System;

class Node
{
    public int Value;
    public Node Next;
    public int[] Payload;
}

static class LadderGc
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    // Allocates garbage; returns a fresh node.
    static Node Make(int v)
    {
        int[] junk = null;
        for (int i = 0; i < 8; i++) junk = new int[16 + i];
        Node n = new Node();
        n.Value = v;
        n.Payload = new int[3];
        n.Payload[0] = v;
        n.Payload[1] = junk.Length;
        n.Payload[2] = v * 2;
        return n;
    }

    static Node Push(Node head, int v)
    {
        Node n = Make(v);
        n.Next = head;
        return n;
    }

    static long SumList(Node head)
    {
        long s = 0;
        for (Node n = head; n != null; n = n.Next) s += n.Value + n.Payload[2];
        return s;
    }

    static int Length(Node head)
    {
        int len = 0;
        while (head != null) { len++; head = head.Next; }
        return len;
    }

    // Two references live across an allocating call, then compared.
    static int KeepTwo(int v)
    {
        Node a = Make(v);
        Node b = Make(v + 1);
        Node c = Make(v + 2); // may trigger a GC while a and b are live
        return a.Value + b.Value * 10 + c.Value * 100 + a.Payload[2];
    }

    static Node Reverse(Node head)
    {
        Node prev = null;
        while (head != null)
        {
            Node next = head.Next;
            head.Next = prev;
            prev = head;
            head = next;
            Make(0); // garbage in the middle of pointer surgery
        }
        return prev;
    }

    static int Main()
    {
        int bad = 0;
        Node head = null;
        for (int i = 1; i <= 20000; i++) head = Push(head, i);
        GC.Collect();
        bad += Check(Length(head), 20000, 1);
        bad += Check(SumList(head), 3L * 20000 * 20001 / 2, 2);

        long keep = 0;
        for (int i = 0; i < 5000; i++) keep += KeepTwo(i);
        bad += Check(keep, 5000L * 210 + 113L * (5000L * 4999 / 2), 3);

        head = Reverse(head);
        bad += Check(head.Value, 1, 4);
        bad += Check(head.Next.Payload[0], 2, 5);
        bad += Check(SumList(head), 3L * 20000 * 20001 / 2, 6);

        Node[] table = new Node[256];
        for (int i = 0; i < 100000; i++)
        {
            int slot = (i * 7919) & 255;
            table[slot] = Push(table[slot], i);
            if (Length(table[slot]) > 50) table[slot] = null;
        }
        GC.Collect();
        long total = 0;
        int lists = 0;
        for (int i = 0; i < table.Length; i++)
        {
            if (table[i] == null) continue;
            lists++;
            total += Length(table[i]);
        }
        Console.WriteLine(lists);
        Console.WriteLine(total);
        bad += Check(lists > 0 ? 1 : 0, 1, 7);

        Console.WriteLine(SumList(head));
        Console.WriteLine(keep);
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
