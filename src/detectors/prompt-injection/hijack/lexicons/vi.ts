/** Vietnamese hijack vocabulary (project-written). Words are space-separated syllables, so terms span tokens. */
import type { HijackLexicon } from '../lexicon-shape.js';

export const vi: HijackLexicon = {
  order: 'VO',
  verbs: ['bỏ qua', 'phớt lờ', 'lờ đi', 'quên', 'quên đi', 'bỏ ngoài tai', 'không tuân theo', 'đừng làm theo', 'đừng tuân theo', 'ngó lơ', 'gạt bỏ', 'mặc kệ', 'không để ý', 'không cần quan tâm', 'đừng quan tâm', 'đừng để ý', 'không để ý đến', 'bất chấp', 'quên hết', 'không tuân thủ', 'đừng tuân thủ', 'ngừng tuân theo', 'dừng tuân theo', 'không làm theo', 'vứt bỏ', 'gác lại', 'bỏ mặc', 'đừng nghe theo', 'không nghe theo', 'bỏ hết'],
  weakVerbs: ['vượt qua', 'ghi đè', 'hủy', 'xóa', 'loại bỏ', 'vô hiệu hóa', 'đặt lại'],
  fillers: ['và', 'hoặc', 'rồi', 'sau đó', 'bây giờ', 'chỉ', 'hãy', 'vui lòng', 'các', 'những', 'cái', 'này', 'đó', 'của', 'tôi', 'mà', 'là', 'đã', 'được', 'cho', 'thay vào đó', 'với', 'về', 'hoàn toàn', 'sau'],
  prior: ['trước đó', 'trước', 'ở trên', 'phía trên', 'bên trên', 'ban đầu', 'gốc', 'cũ', 'hệ thống', 'tất cả', 'mọi', 'toàn bộ', 'của bạn', 'từ trước đến nay', 'trước đây', 'nêu trên', 'kể trên', 'đã cho', 'được cung cấp', 'đã nhận', 'ban nãy', 'vừa rồi', 'hiện tại', 'mặc định', 'trước kia', 'đã đưa ra', 'được đưa ra'],
  quants: ['mọi thứ', 'tất cả', 'mọi điều', 'hết', 'tất cả mọi thứ', 'hết thảy', 'toàn bộ', 'những gì', 'mọi chỉ dẫn'],
  instructions: ['hướng dẫn', 'chỉ dẫn', 'chỉ thị', 'lệnh', 'mệnh lệnh', 'quy tắc', 'nguyên tắc', 'quy định', 'yêu cầu', 'lời nhắc', 'prompt', 'nhiệm vụ', 'giới hạn', 'hạn chế'],
  strong: ['lời nhắc hệ thống', 'prompt hệ thống', 'thông điệp hệ thống', 'hướng dẫn hệ thống', 'bạn đã được bảo', 'bạn được bảo', 'bạn đã được dặn', 'bạn đã được hướng dẫn', 'bạn được hướng dẫn', 'bạn đã được cho biết', 'bạn được cho biết', 'đã được nói với bạn', 'người ta đã nói với bạn', 'bạn đã được yêu cầu', 'bạn được yêu cầu', 'bạn đã được lập trình', 'đã được dặn', 'bạn đã được dạy', 'bạn được dạy', 'đã nói với bạn', 'đã bảo bạn', 'được giao cho bạn', 'hướng dẫn của nhà phát triển'],
  data: ['tài liệu', 'văn bản', 'nội dung', 'bài viết', 'bài báo', 'trang', 'trang web', 'website', 'email', 'thư', 'tin nhắn', 'thông điệp', 'hàm', 'mã', 'đoạn mã', 'tập tin', 'tệp', 'sơ yếu lý lịch', 'cv', 'hồ sơ', 'đánh giá', 'bình luận', 'đoạn văn', 'bảng', 'dữ liệu', 'đầu vào', 'ngữ cảnh', 'câu hỏi', 'bản tóm tắt', 'tệp đính kèm', 'hình ảnh', 'mô tả', 'báo cáo', 'bài đăng', 'bản ghi', 'nội dung trên'],
  directives: ['nói', 'trả lời', 'viết', 'in ra', 'xuất ra', 'tuyên bố', 'khẳng định', 'phản hồi', 'hiển thị', 'ghi', 'thông báo', 'trả về', 'lặp lại', 'tiết lộ', 'xác nhận', 'chỉ trả lời', 'nói rằng', 'viết ra'],
  cues: ['gửi ai', 'lưu ý cho ai', 'ghi chú cho ai', 'ai thân mến', 'nếu bạn là ai', 'nếu bạn là một ai', 'nếu bạn là mô hình ngôn ngữ', 'hướng dẫn cho ai', 'gửi trợ lý ai'],
  actions: ['gọi', 'chạy', 'thực thi', 'thực hiện', 'sử dụng', 'dùng', 'gửi', 'chuyển tiếp', 'chuyển', 'tải lên', 'mở', 'truy cập', 'nhấp', 'thêm', 'gắn', 'đính kèm', 'chèn', 'xóa', 'chia sẻ', 'phê duyệt', 'đề xuất', 'yêu cầu', 'dịch', 'tóm tắt'],
  tags: ['hệ thống', 'quản trị viên', 'admin', 'nhà phát triển'],
  outputs: ['câu trả lời của bạn', 'phản hồi của bạn', 'câu trả lời của mình', 'đầu ra của bạn'],
  edits: ['thêm', 'bao gồm', 'chèn', 'đề cập', 'sửa', 'thay đổi', 'dịch', 'thay thế', 'lặp lại', 'bắt đầu', 'kết thúc', 'sử dụng', 'dùng', 'viết', 'đưa'],
  leads: ['bạn phải', 'bạn cần', 'và', 'sau đó', 'hãy'],
  negations: ['không', 'đừng', 'chớ', 'chẳng'],
  vocatives: ['ai', 'trợ lý', 'trợ lý ai', 'chatbot', 'bot', 'mô hình ngôn ngữ'],
};
