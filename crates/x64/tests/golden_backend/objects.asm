; 195 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 195, stack base Some(5), return Object, safepoints [125, 141, 193], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     rbx,rdi
  000a  mov     r12,rsi
  000d  mov     rsi,rdx
  0010  test    r12,r12
  0013  je      0xBC
  0019  movzx   eax,byte ptr [r12+8]
  001f  mov     rdi,rax
  0022  movzx   eax,word ptr [r12+0xA]
  0028  mov     rdi,rax
  002b  mov     eax,[r12+0xC]
  0030  mov     rdi,rax
  0033  mov     rax,[r12+0x10]
  0038  mov     rdi,rax
  003b  mov     rcx,rsi
  003e  mov     [r12+0x18],ecx
  0043  mov     rax,r12
  0046  mov     rsi,rbx
  0049  lea     rdi,[rax+0x20]
  004d  call    qword ptr [0x53]    ; Rel32 eager cell [1a 30]
  0053  mov     ecx,0
  0058  mov     [r12+0x28],rcx
  005d  mov     rax,[0x64]    ; Rel32 string cell [1b 01]
  0064  mov     rax,[rax]
  0067  mov     rsi,rax
  006a  cmp     rbx,rsi
  006d  sete    dil
  0071  movzx   edi,dil
  0075  mov     rdi,rbx
  0078  call    qword ptr [0x7E]    ; Rel32 method-call cell [14 02]
  007e  mov     rsi,rax
  0081  mov     rdi,[0x88]    ; Rel32 lazy cell [10 12 14]
  0088  call    qword ptr [0x8E]    ; Rel32 eager cell [1a 60]
  008e  mov     rsi,rax
  0091  mov     rax,r12
  0094  lea     rdi,[rax+0x30]
  0098  call    qword ptr [0x9E]    ; Rel32 eager cell [1a 30]
  009e  mov     rax,[r12+0x20]
  00a3  mov     rsi,rax
  00a6  cmp     rsi,0
  00aa  je      short 0xB4
  00ac  mov     rax,rsi
  00af  pop     r12
  00b1  pop     rbx
  00b2  pop     rbp
  00b3  ret
  00b4  mov     rax,rbx
  00b7  pop     r12
  00b9  pop     rbx
  00ba  pop     rbp
  00bb  ret
  00bc  call    qword ptr [0xC2]    ; Rel32 eager cell [1a 25]
  00c2  int3
