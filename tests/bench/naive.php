<?php
// SPDX-License-Identifier: ISC
// Baseline 4 of scenario-compare.sh: what a PHP shop would write.  PHP-FPM from
// Debian, a persistent PDO connection with native prepares, json_encode.
// The same query and the same item fields as naive.c (see there); the user
// comes from the query string (?agency=CODE&all=1|0), no session check.
$env = fn($k) => getenv($k) ?: ($_SERVER[$k] ?? '');
$db = new PDO('mysql:unix_socket=' . $env('NAIVE_DB_SOCKET') . ';dbname=' .
    $env('NAIVE_DB_NAME') . ';charset=utf8mb4', $env('NAIVE_DB_USER'),
    $env('NAIVE_DB_PASSWORD'), [PDO::ATTR_PERSISTENT => true,
    PDO::ATTR_EMULATE_PREPARES => false,
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$st = $db->prepare("SELECT t.id, t.year, t.kind, t.fields, t.name,
    t.responsible_person, t.lead_agency, (SELECT GROUP_CONCAT(c.agency_code
    ORDER BY ca.position, c.agency_code SEPARATOR ',') FROM task_coordinators c
    JOIN agencies ca ON ca.code = c.agency_code WHERE c.task_id = t.id) AS coords,
    t.expected_product, t.estimated_budget, t.notes, t.target, t.resources,
    t.deadline, t.original_deadline, t.status, t.completed_at,
    t.progress_period, t.progress_percent, t.progress_health, t.version,
    t.created_by, DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%sZ') AS created_at,
    DATE_FORMAT(t.updated_at, '%Y-%m-%dT%H:%i:%sZ') AS updated_at,
    t.yardstick, t.extensions, t.extended_by, t.accepted_at,
    DATE_FORMAT(t.submitted_at, '%Y-%m-%dT%H:%i:%sZ') AS submitted_at,
    t.submitted_by, t.submitted_by_name,
    CASE WHEN t.status IN ('submitted', 'approved') THEN
    DATEDIFF(UTC_TIMESTAMP() + INTERVAL 7 HOUR,
    t.submitted_at + INTERVAL 7 HOUR) END AS waiting_days,
    (SELECT cm.committee FROM agencies cm WHERE cm.code = t.lead_agency)
    AS committee
    FROM tasks t WHERE ? = 1 OR t.lead_agency = ? OR EXISTS (SELECT 1
    FROM task_coordinators v WHERE v.task_id = t.id AND v.agency_code = ?)
    ORDER BY t.id DESC LIMIT 50");
$agency = preg_replace('/[^A-Z0-9]/', '', $_GET['agency'] ?? '');
$st->execute([(int)($_GET['all'] ?? 0), $agency, $agency]);
$today = date('Y-m-d');
$items = [];
foreach ($st->fetchAll(PDO::FETCH_ASSOC) as $r) {
    $set = fn($s) => ($s === null || $s === '') ? [] : explode(',', $s);
    $items[] = [
        'id' => (int)$r['id'], 'year' => (int)$r['year'], 'kind' => $r['kind'],
        'fields' => $set($r['fields']), 'name' => $r['name'],
        'responsible_person' => $r['responsible_person'],
        'lead_agency' => $r['lead_agency'],
        'coordinating_agencies' => $set($r['coords']),
        'expected_product' => $r['expected_product'],
        'estimated_budget' => $r['estimated_budget'] === null ? null
            : (int)$r['estimated_budget'],
        'notes' => $r['notes'], 'target' => $r['target'],
        'resources' => $r['resources'], 'deadline' => $r['deadline'],
        'original_deadline' => $r['original_deadline'],
        'status' => $r['status'], 'completed_at' => $r['completed_at'],
        'version' => (int)$r['version'], 'created_by' => $r['created_by'],
        'created_at' => $r['created_at'], 'updated_at' => $r['updated_at'],
        'yardstick' => $r['yardstick'], 'extensions' => (int)$r['extensions'],
        'extended_by' => $r['extended_by'], 'accepted_at' => $r['accepted_at'],
        'submitted_at' => $r['submitted_at'],
        'submitted_by' => $r['submitted_by'],
        'submitted_by_name' => $r['submitted_by_name'],
        'waiting_days' => $r['waiting_days'] === null ? null
            : (int)$r['waiting_days'],
        'committee' => $r['committee'],
        'overdue' => !in_array($r['status'], ['completed', 'cancelled'])
            && $r['deadline'] !== null && $r['deadline'] < $today,
        'progress' => $r['progress_period'] === null ? null : [
            'period' => $r['progress_period'],
            'percent' => (int)$r['progress_percent'],
            'health' => $r['progress_health']],
    ];
}
header('Content-Type: application/json; charset=utf-8');
echo json_encode(['items' => $items], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
