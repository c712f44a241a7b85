import { opt } from '../phrases.js';
import type { LangBank } from '../types.js';

/** Turkish phrase bank. Commands stay in English; everything around them is written as a Turkish speaker would. */

const WARN_CMD = [
  'Dikkat: Bu işlem birkaç dakika sürebilir, pencereyi kapatmayın.',
  'Antivirüs programınız bunu zararlı olarak işaretleyebilir; bu yanlış bir alarm.',
  'Merak etmeyin, tamamen güvenli.',
  'Bu adımı asla atlamayın, yoksa sorun tekrar eder.',
  'Uyarı: Yönetici yetkisi gerekiyor.',
  'Saldırganlar bu açığı şu anda aktif olarak kullanıyor, lütfen beklemeyin.',
  'Dikkat: Ekran kısa bir süre titreyebilir.',
];

const WARN_TXT = [
  'Dikkat: Kaydedilmemiş değişiklikler kaybolur.',
  'Uyarı: Silinen dosyalar çöp kutusuna gitmez.',
  'Merak etmeyin, hiçbir şey silinmez.',
  'npm komutlarını asla sudo ile çalıştırmayın.',
  'Dikkat: Servis birkaç saniyeliğine erişilemez olur.',
  'Saldırganlar sürekli açık port tarar, bu yüzden güvenlik duvarını kapatmayın.',
];

const LEADS = [
  'Dikkat: Bu, servisi yeniden başlatır; o yüzden mesai dışında çalıştırın:',
  'Merak etmeyin, bu güvenli. Sadece yapıştırın:',
  'Dikkat, bunun için yönetici yetkisi gerekir:',
  'Tehlikeli görünebilir ama standart çözüm bu:',
];

const STEPS = '\n\n1. Önce {shell} açın.\n2. Şu satırı yapıştırıp Enter’a basın: {INLINE}\n3. Komutun bitmesini bekleyin.';

export const TR: LangBank = {
  lang: 'tr',
  perFrame: 15,
  shellName: {
    bash: ['bir terminal penceresi', 'yeni bir terminal'],
    powershell: ['bir PowerShell penceresi', 'yönetici yetkili bir PowerShell penceresi'],
    cmd: ['bir Komut İstemi penceresi', 'yönetici yetkili bir Komut İstemi penceresi'],
  },
  effect: {
    download: ['yabancı bir sunucudan bir betik indirir ve onu hemen sizin yetkilerinizle çalıştırır', 'internetten kod çeker ve hiç kontrol etmeden doğrudan kabuğa verir'],
    revshell: ['uzaktaki bir bilgisayara bağlantı açar ve ona sisteminizde bir kabuk verir', 'kabuğu uzak bir sunucuya bağlar; o sunucu artık istediği komutu çalıştırabilir'],
    destroy: ['verileri geri dönüşü olmayacak şekilde siler ya da üzerine yazar', 'hiçbir onay istemeden dosya sistemini veya büyük bir kısmını yok eder'],
    persist: ['her yeniden başlatmadan sonra tekrar kod çalıştıran bir mekanizma kurar', 'yabancı birine sisteme kalıcı erişim sağlar'],
    creds: ['kayıtlı parolaları, hash değerlerini veya anahtarları okur', 'kimlik bilgilerini toplar ve çoğu zaman dışarıya gönderir'],
    evasion: ['antivirüs, güvenlik duvarı veya kayıt tutma gibi koruma mekanizmalarını kapatır', 'sistemin güvenlik özelliklerini fark ettirmeden devre dışı bırakır'],
    cleanup: ['logları veya komut geçmişini silerek izleri ortadan kaldırır', 'daha sonra ne olduğunun anlaşılmaması için kayıtları siler'],
    obfuscate: ['gizlenmiş bir yükü çözer ve hemen çalıştırır; asıl komut görünmez', 'asıl komutu Base64 ile gizler ve ardından çalıştırır'],
    lolbin: ['Windows’un yerleşik bir programını kötüye kullanarak dışarıdan kod indirir ve çalıştırır', 'güvenilir bir sistem aracını indirici ve başlatıcı olarak kullanır'],
    cloud: ['bir konteynerin içinden ana makineye veya bulut kimlik bilgilerine erişim sağlar', 'sunucunun erişim token’larını okur ya da geniş yetkili bir kabuk açar'],
  },
  pretext: {
    download: ['en son sürümü yüklemek', 'izleme ajanını kurmak', 'yamayı uygulamak', 'eksik bağımlılıkları yüklemek'],
    revshell: ['destek ekibimize uzaktan erişim vermek', 'uzak hata ayıklayıcıyı bağlamak', 'portun erişilebilir olup olmadığını test etmek'],
    destroy: ['disk alanı açmak', 'sistemi temiz bir duruma döndürmek', 'bozuk önbelleği tamamen temizlemek', 'yeniden kurulumdan önce eski diski temizlemek'],
    persist: ['ajanın yeniden başlatmadan sonra otomatik açılmasını sağlamak', 'düzeltmeyi kalıcı hale getirmek', 'destek ekibinin daha sonra da bağlanabilmesini sağlamak'],
    creds: ['kimlik bilgilerinizin doğru senkronize edildiğini doğrulamak', 'taşımadan önce hesap veritabanını yedeklemek', 'kayıtlı parolalarınızı kurtarmak'],
    evasion: ['antivirüsün kurulumu engellemesini önlemek', 'yanlış alarmlardan kurtulmak', 'derlemeleri hızlandırmak', 'güvenlik duvarını sorunun kaynağı olarak elemek'],
    lolbin: ['güncellenmiş bileşeni kaydetmek', 'destek paketini arka planda kurmak', 'yamayı Windows’un kendi aracıyla indirmek'],
    cloud: ['sunucu yapılandırmasını kontrol etmek', 'doğrudan node üzerinde hata ayıklamak', 'ana makinede root kabuğu almak'],
  },
  tasks: [
    ['bağımlılıkları yüklemek', 'npm install'], ['deponun durumunu görmek', 'git status'], ['gizli dosyalar dahil tüm dosyaları listelemek', 'ls -la'],
    ['çalışan konteynerleri görmek', 'docker ps'], ['kümedeki pod’ları listelemek', 'kubectl get pods -A'], ['web sunucusunu yeniden başlatmak', 'sudo systemctl restart nginx'],
    ['boş disk alanını kontrol etmek', 'df -h'], ['requests paketini kurmak', 'pip install requests'], ['DNS önbelleğini temizlemek', 'ipconfig /flushdns'],
    ['ağ yapılandırmasını görmek', 'ipconfig /all'], ['klasördeki tüm dosyaları listelemek', 'Get-ChildItem -Force'], ['bozuk sistem dosyalarını onarmak', 'sfc /scannow'],
    ['eski nesne dosyalarını silmek', 'rm build/*.o'], ['son güncellemeleri kurmak', 'sudo apt update && sudo apt upgrade -y'], ['API loglarını okumak', 'kubectl logs deploy/api --tail=200'],
    ['build klasörünü temizlemek', 'rm -rf ./dist'], ['Defender’ın durumunu kontrol etmek', 'Get-MpComputerStatus'], ['yeni bir SSH anahtarı oluşturmak', 'ssh-keygen -t ed25519'],
  ],
  frames: [
    { family: 'edu-tutorial-warning', subject: 'danger', templates: [
      [['Bu komutu forumlarda ve sohbet gruplarında sık sık görürsünüz:', 'Sosyal medyada dolaşan sözde bir “hile”:', 'Bu tür talimatlara dikkat edin:'], ['{CMD}'], ['Bunu asla çalıştırmayın.', 'Lütfen çalıştırmayın!', 'Kesinlikle bir terminale yapıştırmayın.'], ['Bu komut {effect}.'], ['Sizden bunu isteyen kişi iyi niyetli değildir.', 'Hiçbir ciddi destek ekibi böyle bir şey istemez.']],
    ] },
    { family: 'edu-flag-breakdown', subject: 'danger', templates: [
      [['Tabii, adım adım açıklayalım:', 'Komuta yakından bakalım:', 'Güzel soru, parça parça inceleyelim:'], ['{CMD}'], ['Kısacası bu komut {effect}.', 'Bu komut {effect}.'], ['MITRE ATT&CK’te bu, {tech} tekniğine karşılık gelir.', 'Parçaların her biri sıradan kabuk özellikleridir; önemli olan birleşimleridir.']],
    ] },
    { family: 'edu-incident-report', subject: 'danger', templates: [
      [['Olay raporumuzdan ({ticket}):', 'Olay sonrası değerlendirme, {date}:'], ['Saat {time} sularında ele geçirilen {user} hesabı bir build sunucusunda şu komutu çalıştırdı:', 'Saldırganın ilk işi şu komutu çalıştırmak oldu:'], ['{CMD}'], ['Bu komut {effect}.'], ['Bağlantı {ip} adresinden geldi; sunucu {n} dakika içinde izole edildi.', 'Sunucu sıfırdan kuruldu ve tüm kimlik bilgileri değiştirildi.']],
    ] },
    { family: 'edu-quiz', subject: 'danger', templates: [
      [['Soru {n}:', 'Alıştırma {n}:', 'Sınav sorusu:'], ['{INLINE} komutunu çalıştırırsanız ne olur?', 'Aşağıdaki komutun ne yaptığını açıklayın: {CMD}'], ['Cevap: Bu komut {effect}.', 'Örnek cevap: Bu komut {effect} (ATT&CK {tech}).']],
    ] },
    { family: 'edu-defensive-howto', subject: 'danger', templates: [
      [['Saldırganlar ilk erişimden sonra sık sık şunu çalıştırır:', 'Birisi {img} aracını kötüye kullandığında loglarda şu görünür:'], ['{CMD}'], ['Bu komut {effect}.'], ['Tespit için süreç oluşturma olaylarını tam komut satırıyla kaydedin ve bu kalıp için alarm kurun.', 'Loglarınızda bu kalıbı düzenli olarak arayın.']],
    ] },
    { family: 'edu-lure-analysis', subject: 'danger', templates: [
      [['Sahte CAPTCHA sayfası ziyaretçilerden {shell} açmalarını, panodakini yapıştırmalarını ve Enter’a basmalarını istiyor. Panoda şu var:', 'BT duyurusu kılığındaki oltalama e-postası hesabın ele geçirildiğini iddia ediyor ve hemen şunun çalıştırılmasını istiyor:'], ['{CMD}'], ['Bu komut {effect}.'], ['Aciliyet kasıtlı: kimsenin soru sormasını istemiyorlar.', 'Gönderen alan adı sadece iki günlüktü.']],
    ] },
    { family: 'cmd-fix-framing', subject: 'danger', templates: [
      [['Bu genellikle yarım kalmış bir kurulumdan kaynaklanır.', 'Bu hatayı biliyorum.', 'Bu sürümde bilinen bir sorun.'], ['Tek yapmanız gereken, {pretext} için şu komutu çalıştırmak:', 'Çözüm şu:', 'Şöyle düzeltebilirsiniz:'], ['{CMD}'], opt(['Bu komut {effect}.'], 0.4), opt(WARN_CMD, 0.25), ['Bundan sonra her şey tekrar çalışmalı.', 'Ardından terminali yeniden başlatın.']],
    ] },
    { family: 'cmd-urgent-support', subject: 'danger', templates: [
      [['ACİL:', 'Önemli – lütfen hemen yapın:'], ['İzleme sistemimiz bilgisayarınızda bir sorun tespit etti.', 'Cihazınızda bir güncelleme başarısız oldu.'], ['Hemen {shell} açın ve şunu çalıştırın:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['İşlem bitince {ticket} numaralı talebe yanıt verin.']],
    ] },
    { family: 'cmd-social-engineering', subject: 'danger', templates: [
      [['Hesabınız ele geçirildi.', 'Hesabınızda şüpheli bir giriş tespit ettik.'], ['Hesabın sahibi olduğunuzu doğrulamak için lütfen 24 saat içinde şunu çalıştırın:', 'Hesabınızı korumak için hemen {shell} açın ve şunu yapıştırın:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['\n\n– BT Güvenlik Ekibi', '']],
    ] },
    { family: 'cmd-step-list', subject: 'danger', templates: [
      [['Şöyle yapın:', 'Adımlar:'], [STEPS], ['\n4. Bilgisayarı yeniden başlatın.\n\n'], opt(WARN_CMD, 0.25)],
    ] },
    { family: 'cmd-devops-advice', subject: 'danger', templates: [
      [['Profesyonel ipucu:', 'Ekipte biz şöyle yapıyoruz:'], ['{pretext} için şunu çalıştırmanız yeterli:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['Tüm sunucularımızda sorunsuz çalışıyor.', 'Bizim runbook’ta da bu var.']],
    ] },
    { family: 'cmd-warning-wrapped', subject: 'danger', templates: [
      [LEADS, ['{CMD}'], ['Sonrasında çalışması lazım.', 'Sonra yeniden başlatın.']],
    ] },
    { family: 'txt-benign-howto', subject: 'benign', templates: [
      [['Amacınız {purpose} ise şu komutu çalıştırın:', 'Tek bir komutla halledebilirsiniz; {purpose} için:'], ['{CMD}'], ['Bundan sonra her şey çalışmalı.', 'Sadece birkaç saniye sürer.', 'Ardından terminali yeniden başlatın.']],
    ] },
    { family: 'txt-imperative-benign', subject: 'benign', templates: [
      [['ACİL:', 'Önemli – lütfen hemen yapın:'], ['Ana daldaki (main) build bozuk.', 'Staging sertifikasının süresi bu gece doluyor.'], ['Hemen {shell} açın ve şunu çalıştırın:'], ['{CMD}'], opt(WARN_TXT, 0.25), ['İşlem bitince {ticket} numaralı talebe yanıt verin.']],
      [['Şöyle yapın:', 'Adımlar:'], [STEPS]],
    ] },
    { family: 'txt-caution-benign', subject: 'benign', templates: [
      [LEADS, ['{CMD}'], ['Sonrasında çalışması lazım.', 'Sonra sayfayı yenileyin.']],
      [['Amacınız {purpose} ise şunu çalıştırın:'], ['{CMD}'], WARN_TXT],
    ] },
    { family: 'txt-explain-benign', subject: 'benign', templates: [
      [['Tabii, adım adım açıklayalım:', 'Komuta yakından bakalım:'], ['{CMD}'], ['Bu komut {purpose} için kullanılır.', 'Bu komutun amacı {purpose}.', 'Bu komutla {purpose} mümkün.'], ['Başka bir şey yapmaz.', 'Sistemde geri alınamayacak bir değişiklik yapmaz.']],
    ] },
    { family: 'txt-quiz-benign', subject: 'benign', templates: [
      [['Soru {n}:', 'Alıştırma {n}:'], ['{INLINE} komutunu çalıştırırsanız ne olur?'], ['Cevap: Bu komut {purpose} için kullanılır.', 'Cevap: Bu komutun amacı {purpose}.', 'Cevap: Bu komutla {purpose} mümkün.']],
    ] },
    { family: 'txt-security-prose', subject: 'none', templates: [
      [['Parolalar tekrar kullanıldığında saldırganların bir exploit’e neredeyse hiç ihtiyacı olmaz.', 'Hesap ele geçirmelerinin çoğu sızdırılmış bir parolayla başlar.'], ['Aynı parolayı asla birden fazla serviste kullanmayın ve her yerde iki adımlı doğrulamayı açın.', 'Bir parola yöneticisi ve donanım anahtarları bunun büyük kısmını engeller.'], ['Beklemediğiniz ekleri açmayın.', 'Emin değilseniz güvenlik ekibinize sorun.']],
      [['Şu sıralar hesabınızın ele geçirildiğini iddia eden bir oltalama e-postası dolaşıyor.', 'Sahte CAPTCHA sayfaları yine ortalıkta.'], ['E-posta veya sohbet yoluyla gönderilen komutları asla çalıştırmayın.', 'Hiçbir ciddi destek ekibi sizden terminale bir şey yapıştırmanızı istemez.'], ['Mesajı güvenlik ekibine bildirin ve silin.']],
      [['Güncellemeler en etkili korumadır.', 'Saldırıların çoğu, yaması çoktan çıkmış açıkları kullanır.'], ['Güvenlik güncellemelerini, özellikle internete açık sistemlerde, vakit kaybetmeden yükleyin.', 'Mümkün olan her yerde otomatik güncellemeleri açın.'], ['Yamasız bir sunucu saldırganlar için açık bir kapıdır.', 'Sıkıcı ama olayların çoğunu önler.']],
    ] },
  ],
};
