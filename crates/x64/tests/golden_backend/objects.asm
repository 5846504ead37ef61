; 166 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 166, stack base Some(5), return Object, safepoints [125, 164], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     rbx,rdi
  000a  mov     r12,rsi
  000d  mov     rsi,rdx
  0010  test    r12,r12
  0013  je      0x9F
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
  0081  mov     rax,[r12+0x20]
  0086  mov     rsi,rax
  0089  cmp     rsi,0
  008d  je      short 0x97
  008f  mov     rax,rsi
  0092  pop     r12
  0094  pop     rbx
  0095  pop     rbp
  0096  ret
  0097  mov     rax,rbx
  009a  pop     r12
  009c  pop     rbx
  009d  pop     rbp
  009e  ret
  009f  call    qword ptr [0xA5]    ; Rel32 eager cell [1a 25]
  00a5  int3
