/** Vietnamese phrases (project-written). Words are space-separated syllables. */
import type { Lexicon } from '../types.js';

const AI = '(?:ai|trợ lý|chatbot|mô hình|mô hình ngôn ngữ|bot)';
const LIMITS = '(?:giới hạn|hạn chế|kiểm duyệt|quy tắc|bộ lọc|ràng buộc)';
const PROMPT_OBJECT =
  '(?:lời nhắc hệ thống|prompt hệ thống|thông điệp hệ thống|hướng dẫn hệ thống|chỉ dẫn hệ thống|chỉ thị hệ thống|(?:các )?(?:hướng dẫn|chỉ dẫn|chỉ thị|lời nhắc|prompt) (?:ban đầu|gốc|bí mật|ẩn|được giấu))';

export const vi: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:lưu ý|ghi chú|thông điệp|chú ý) (?:cho|gửi|dành cho) (?:các |mọi |bất kỳ )?(?:trợ lý ai|hệ thống ai|mô hình ai|mô hình ngôn ngữ|llm|chatbot)",
      "(?:hướng dẫn|chỉ dẫn|quan trọng) (?:cho|gửi|dành cho) (?:các |mọi |bất kỳ )?(?:trợ lý ai|hệ thống ai|mô hình ai|mô hình ngôn ngữ|llm|chatbot)\\s{0,2}[:：,，、]",
      "nếu bạn là (?:một ai|trí tuệ nhân tạo|một trí tuệ nhân tạo|mô hình ngôn ngữ|một mô hình ngôn ngữ|trợ lý ai|một trợ lý ai|llm|một llm)",
      "(?:trợ lý ai|mô hình ai|mô hình ngôn ngữ|ai) (?:nào )?(?:đang )?(?:đọc|xử lý|tóm tắt) (?:tài liệu|văn bản|trang|email|nội dung) này",
      '(?:hướng dẫn|chỉ dẫn|chỉ thị|lệnh) mới ?:',
      '(?:các |mọi |tất cả )?(?:hướng dẫn|chỉ dẫn|quy tắc) (?:trước đó|cũ|ban đầu) (?:đã )?(?:bị hủy|không còn hiệu lực|vô hiệu)',
    ],
    weak: ['(?:từ bây giờ|kể từ bây giờ|từ giờ trở đi),? bạn (?:sẽ|là|phải)'],
  },
  'system-prompt-extraction': {
    strong: [
      `(?:hiển thị|cho (?:tôi |tao )?xem|in(?: ra)?|lặp lại|tiết lộ|nói cho tôi|viết ra|xuất ra|chia sẻ|đưa (?:cho )?tôi) %6${PROMPT_OBJECT}`,
      '(?:lời nhắc hệ thống|prompt hệ thống|chỉ dẫn ban đầu|hướng dẫn ban đầu) của bạn là (?:gì|như thế nào)',
    ],
    weak: ['lặp lại %2văn bản (?:ở trên|phía trên)'],
  },
  persona: {
    strong: [
      `bạn không còn là (?:một )?${AI}`,
      'bạn (?:bây giờ |giờ |từ giờ )?là (?:dan|stan|dude)\\b',
      'chế độ (?:jailbreak|không giới hạn|không kiểm duyệt|không bị kiểm duyệt)',
      `(?:một )?${AI} (?:không có|không bị|không chịu) (?:bất kỳ |bất cứ )?${LIMITS}`,
    ],
    weak: ['giữ (?:nguyên )?vai (?:diễn|trò)'],
  },
  'refusal-suppression': {
    strong: [
      '(?:tắt|vô hiệu hóa|vô hiệu hoá|bỏ qua|phớt lờ|gỡ bỏ|vượt qua) (?:các |mọi |tất cả |những )?(?:quy tắc|bộ lọc|giới hạn|hạn chế|nguyên tắc) (?:an toàn|kiểm duyệt)','(?:không bao giờ|đừng bao giờ|tuyệt đối không) từ chối', 'không (?:có|bị) (?:bất kỳ )?(?:giới hạn|ràng buộc) (?:đạo đức|luân lý)'],
    weak: ['đừng từ chối', 'không (?:thêm|kèm) (?:cảnh báo|lời từ chối|tuyên bố miễn trừ)'],
  },
};
